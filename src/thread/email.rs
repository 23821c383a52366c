//! RFC 822 / MIME email -> a one-message thread, through `mail-parser`.
//!
//! Owns decoding (MIME parts, transfer encodings, charsets) and choosing the body: text/plain
//! first, else HTML converted to text by mail-parser. It must not strip quotes (that is
//! [`super::clean`]) nor guess who is the rep: a single `.eml` given to `suggest` is the
//! customer's message.

use std::collections::BTreeMap;

use mail_parser::MessageParser;

use super::{Message, Role, Thread, ThreadError};

/// True when the bytes start like an email header block ("Name: value" lines).
pub(super) fn looks_like_rfc822(head: &[u8]) -> bool {
    let first_line = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let Some(colon) = first_line.iter().position(|b| *b == b':') else {
        return false;
    };
    let name = &first_line[..colon];
    let is_header_name =
        !name.is_empty() && name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-');
    let known = [
        "from",
        "to",
        "subject",
        "date",
        "received",
        "return-path",
        "message-id",
        "mime-version",
        "delivered-to",
        "reply-to",
        "x-",
    ];
    let lower = String::from_utf8_lossy(name).to_ascii_lowercase();
    is_header_name && known.iter().any(|k| lower.starts_with(k))
}

pub(super) fn parse_eml(bytes: &[u8]) -> Result<Thread, ThreadError> {
    let message = MessageParser::default()
        .parse(bytes)
        .ok_or_else(|| ThreadError::Email("no RFC 822 header block found".into()))?;
    if message.headers().is_empty() {
        return Err(ThreadError::Email("no RFC 822 header block found".into()));
    }
    let text = message
        .body_text(0)
        .map(|t| t.into_owned())
        .unwrap_or_default();
    let from =
        message
            .from()
            .and_then(|a| a.first())
            .map(|addr| match (addr.name(), addr.address()) {
                (Some(n), Some(a)) => format!("{n} <{a}>"),
                (Some(n), None) => n.to_string(),
                (None, Some(a)) => a.to_string(),
                (None, None) => String::new(),
            });
    let mut context = BTreeMap::new();
    if let Some(subject) = message.subject() {
        context.insert("subject".to_string(), subject.to_string());
    }
    Ok(Thread {
        id: message.message_id().map(str::to_string),
        messages: vec![Message {
            role: Role::Customer,
            from: from.filter(|f| !f.is_empty()),
            sent_at: message.date().map(|d| d.to_rfc3339()),
            text,
        }],
        context,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_email() {
        let eml = b"From: Dana Smith <dana@client.example>\r\nTo: rob@vendor.example\r\nSubject: Next steps\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\nMessage-ID: <abc@client.example>\r\n\r\nWe need a full-time person in-house.\r\n";
        let t = parse_eml(eml).unwrap();
        assert_eq!(t.id.as_deref(), Some("abc@client.example"));
        let m = &t.messages[0];
        assert_eq!(m.role, Role::Customer);
        assert_eq!(m.from.as_deref(), Some("Dana Smith <dana@client.example>"));
        assert_eq!(m.sent_at.as_deref(), Some("2026-11-02T10:00:00Z"));
        assert_eq!(m.text.trim(), "We need a full-time person in-house.");
        assert_eq!(t.context["subject"], "Next steps");
    }

    #[test]
    fn quoted_printable_latin1() {
        let eml = b"From: Ana <ana@cliente.example>\nSubject: =?ISO-8859-1?Q?Presupuesto_peque=F1o?=\nMIME-Version: 1.0\nContent-Type: text/plain; charset=ISO-8859-1\nContent-Transfer-Encoding: quoted-printable\n\nEs demasiado caro para este a=F1o.\n";
        let t = parse_eml(eml).unwrap();
        assert_eq!(
            t.messages[0].text.trim(),
            "Es demasiado caro para este a\u{f1}o."
        );
        assert_eq!(t.context["subject"], "Presupuesto peque\u{f1}o");
    }

    #[test]
    fn multipart_prefers_plain_and_html_only_becomes_text() {
        let multi = b"From: a@x.example\nContent-Type: multipart/alternative; boundary=\"b1\"\n\n--b1\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\nUGxhaW4gdmVyc2lvbg==\n--b1\nContent-Type: text/html\n\n<p>HTML version</p>\n--b1--\n";
        let t = parse_eml(multi).unwrap();
        assert_eq!(t.messages[0].text.trim(), "Plain version");
        let html = b"From: a@x.example\nContent-Type: text/html\n\n<html><body><p>Too <b>expensive</b> for us.</p></body></html>\n";
        let t = parse_eml(html).unwrap();
        assert!(
            t.messages[0].text.contains("Too expensive for us."),
            "{:?}",
            t.messages[0].text
        );
        assert!(!t.messages[0].text.contains('<'));
    }

    #[test]
    fn sniffing_headers() {
        assert!(looks_like_rfc822(b"From: a@b\n\nhi"));
        assert!(looks_like_rfc822(b"Received: by x\n"));
        assert!(!looks_like_rfc822(b"Note: we are unhappy"));
        assert!(!looks_like_rfc822(b"Hello there"));
    }
}
