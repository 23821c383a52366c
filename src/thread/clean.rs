//! Removal of quoted history and signatures from ONE email message body.
//!
//! This module owns a single job: given the plain-text body of one message, keep only the text
//! the sender newly wrote, so that quoted history, signatures and mobile footers never reach
//! the AI model. A forward is not history: its marker and header lines go, the forwarded text
//! stays, because it is what the sender brings to the reader ("see below from our CFO").
//!
//! It must NOT:
//! - parse MIME, headers or encodings (callers hand it already-decoded plain text);
//! - decide roles (who is the customer or the rep) or anything about the thread;
//! - touch the meaning of the new text: it only deletes whole lines that are quoted history or
//!   signature material, and normalises whitespace (line endings, trailing spaces, runs of
//!   blank lines); it never rewrites words;
//! - panic, on any input: it works line by line (never byte-slicing inside a line) and every
//!   regex is linear-time (the `regex` crate has no backtracking).
//!
//! Quote detection is deliberately conservative: an attribution line such as
//! `On <date>, <name> wrote:` only counts when it also looks like one (it carries a date, a
//! time, an e-mail address or a capitalised name after a comma), so an ordinary sentence that
//! happens to mention "wrote" or "From:" is kept.

use std::sync::LazyLock;

use regex::Regex;

/// What was removed from a message, for `reframe thread` output and tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// The sender's newly written text, normalised and trimmed.
    pub text: String,
    /// True when quoted history (attribution, `>` lines, Outlook headers) was removed.
    pub removed_quote: bool,
    /// True when a `-- ` signature or a mobile/client footer was removed.
    pub removed_signature: bool,
}

/// An attribution wrapped by the mail client may span at most this many lines.
const MAX_ATTRIBUTION_LINES: usize = 3;
/// Attributions longer than this (in bytes) are ordinary paragraphs, not attributions.
const MAX_ATTRIBUTION_BYTES: usize = 400;
/// An Outlook header block's "Sent:"/"To:" lines must follow "From:" within this many lines.
const HEADER_WINDOW: usize = 4;
/// At most this many consecutive blank lines are kept.
const MAX_BLANK_RUN: usize = 2;

// All `expect` calls below compile constant patterns; the tests exercise every one of them, so
// a typo fails `cargo test` rather than a user's run.

/// Start of a (possibly wrapped) attribution line, in the languages we recognise.
static ATTRIBUTION_INTRO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:on|el|le|am|em|no|il|op)\s").expect("constant regex: attribution intro")
});

/// Shape of a complete attribution: intro word ... verb, ending in a colon.
static ATTRIBUTION_SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        ^\s*(?:
            on\s.+\swrote                       # English (Gmail, Apple Mail, Outlook for Mac)
          | el\s.+\sescribi[óo]                 # Spanish
          | le\s.+\sa\s+[ée]crit                # French
          | am\s.+\sschrieb(?:\s.+)?            # German (name may follow the verb)
          | (?:em|no)\s.+\sescreveu              # Portuguese (em, or no dia)
          | il\s.+\sha\s+scritto                # Italian
          | op\s.+\sschreef(?:\s.+)?            # Dutch (name may follow the verb)
          | op\s.+\shet\s+volgende\s+geschreven  # Dutch (Apple Mail)
        )\s*:$",
    )
    .expect("constant regex: attribution shape")
});

/// Evidence that an attribution-shaped line really is one: an e-mail address, a time, a year,
/// a numeric date, or a capitalised name right after a comma and right before the verb.
static ATTRIBUTION_EVIDENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?x)
            [\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+                     # e-mail address
          | \b\d{1,2}(?::|h)\d{2}\b                             # time: 10:02, 10h02
          | \b(?:19|20)\d{2}\b                                  # year
          | \b\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}\b               # numeric date
          | ,\s*"?\p{Lu}[\p{L}'’.\-]*(?:\s+\p{Lu}[\p{L}'’.\-]*){0,3}"?\s+
            (?:wrote|escribi[óo]|a\s+[ée]crit|escreveu|ha\s+scritto)\s*:$  # ", Dana Smith wrote:"
        "#,
    )
    .expect("constant regex: attribution evidence")
});

/// Outlook / Thunderbird "original message" separators.
static ORIGINAL_MESSAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*-{2,}\s*(?:original\s+message|ursprüngliche\s+nachricht|message\s+d['’]origine|mensaje\s+original|mensagem\s+original|messaggio\s+originale|oorspronkelijk\s+bericht)\s*-{2,}\s*$",
    )
    .expect("constant regex: original message separator")
});

/// Any dashed title line ("-------- Původní zpráva --------", "--- Oryginalna wiadomość ---"):
/// a separator in a language [`ORIGINAL_MESSAGE`] does not list, counted only when a header
/// field ("Od:", "Från:") follows it.
static DASHED_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*-{2,}\s*\p{L}[\p{L}'’ ]{2,40}?\s*-{2,}\s*$")
        .expect("constant regex: dashed title")
});

/// A header field in any language: one or two short words and a colon, then a value.
static ANY_HEADER_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\*{0,2}\p{L}[\p{L}.]{0,14}(?:\s\p{L}{1,10})?\s*:\s*\*{0,2}\s*\S")
        .expect("constant regex: any header field")
});

/// Forwarded-message markers (Apple Mail, Gmail and their translations; Portugal's Gmail
/// writes "reencaminhada" where Brazil's writes "encaminhada").
static FORWARDED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:begin\s+forwarded\s+message\s*:|-{2,}\s*(?:forwarded\s+message|mensaje\s+reenviado|message\s+transféré|weitergeleitete\s+nachricht|messaggio\s+inoltrato|mensagem\s+(?:re)?encaminhada|doorgestuurd\s+bericht)\s*-{2,})\s*$",
    )
    .expect("constant regex: forwarded message marker")
});

/// Outlook separator: a line of at least ten underscores.
static UNDERSCORES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*_{10,}\s*$").expect("constant regex: underscore separator"));

/// First line of an Outlook header block ("From:", "De :", "Von:", "Van:", "Da:").
static HEADER_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*\*{0,2}(?:from|de|von|van|da)\s*:\s*\*{0,2}\s*\S")
        .expect("constant regex: header from")
});

/// "Sent:"/"Date:" line of an Outlook header block, in several languages.
static HEADER_SENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*\*{0,2}(?:sent|date|envoy[ée]|gesendet|datum|enviado|enviada|fecha|verzonden|inviato|data)\s*:",
    )
    .expect("constant regex: header sent")
});

/// "To:"/"Subject:" line of an Outlook header block, in several languages.
static HEADER_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*\*{0,2}(?:to|subject|cc|[àa]|objet|an|betreff|para|asunto|aan|onderwerp|oggetto|assunto)\s*:",
    )
    .expect("constant regex: header to")
});

/// Mobile and mail-client footers, matched against a whole trimmed line.
static FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        ^(?:
            (?:sent\s+from\s+my|enviado\s+desde\s+mi|envoy[ée]\s+(?:de|depuis)\s+mon
              |inviato\s+dal\s+mio|enviado\s+do\s+meu|verzonden\s+(?:vanaf|met)\s+mijn)
            \s+(?:[\p{L}\p{N}.'’\-]+\s+){0,3}
            (?:iphone|ipad|ipod|galaxy|android|blackberry|mobile|phone|smartphone|tablet
              |móvil|movil|celular|teléfono|telefono|téléphone|portable|pixel|huawei|xiaomi
              |samsung|nokia|motorola|oneplus|sony|device|appareil|dispositivo|cellulare
              |telefoon|mobiel)\b
            (?:\s+[\p{L}\p{N}.'’\-]+){0,3}
          | sent\s+from\s+(?:mail|outlook)\s+for\s+(?:windows|ios|android|mac)(?:\s+\d+)?
          | sent\s+from\s+outlook
          | get\s+outlook\s+for\s+(?:ios|android|mac)
          | sent\s+from\s+yahoo\s+mail\s+(?:for|on)\s+(?:iphone|ipad|android)
          | von\s+meinem\s+(?:[\p{L}\p{N}.'’\-]+\s+){1,4}gesendet
          | gesendet\s+von\s+meinem\s+[\p{L}\p{N}.'’\-]+(?:\s+[\p{L}\p{N}.'’\-]+){0,3}
          | gesendet\s+von\s+(?:mail|outlook)\s+für\s+(?:windows|ios|android)(?:\s+\d+)?
        )\.?\s*(?:<https?://[^\s>]*>)?$",
    )
    .expect("constant regex: mobile footer")
});

/// What kind of quoted-history start was found at a line.
enum QuoteStart {
    /// An attribution ("On … wrote:") spanning this many lines.
    Attribution(usize),
    /// Anything after which the rest of the message is history (Outlook, reply separators).
    Boundary,
    /// A forward's marker and header lines, this many: the forwarded text under them is what
    /// the sender brings to the reader ("see below from our CFO"), so it stays.
    Forward(usize),
}

/// Removes quoted history and signatures from one message body. Never panics.
pub fn clean_body(text: &str) -> Cleaned {
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = normalised.split('\n').map(str::trim_end).collect();

    let mut removed_quote = false;
    let mut removed_signature = false;

    // 1. Quoted history: cut at the first boundary; attributions above interleaved replies only
    //    remove themselves (their `>` lines go in step 2).
    let mut keep = vec![true; lines.len()];
    let mut end = lines.len();
    let mut i = 0;
    while i < end {
        match quote_start(&lines, i) {
            Some(QuoteStart::Attribution(n)) if is_interleaved(&lines, i + n) => {
                let stop = (i + n).min(keep.len());
                if let Some(slots) = keep.get_mut(i..stop) {
                    slots.fill(false);
                }
                removed_quote = true;
                i += n.max(1);
            }
            Some(QuoteStart::Forward(n)) => {
                let stop = (i + n).min(keep.len());
                if let Some(slots) = keep.get_mut(i..stop) {
                    slots.fill(false);
                }
                i += n.max(1);
            }
            Some(_) => {
                end = i;
                removed_quote = true;
            }
            None => i += 1,
        }
    }

    // 2. `>` lines are quoted wherever they are.
    let mut kept: Vec<&str> = Vec::with_capacity(end);
    for (line, keep) in lines.iter().zip(&keep).take(end) {
        if !keep {
            continue;
        }
        if is_quoted(line) {
            removed_quote = true;
            continue;
        }
        kept.push(line);
    }

    // 3. Signature: everything from the standard "-- " delimiter (or a bare "--").
    if let Some(pos) = kept.iter().position(|line| *line == "--") {
        kept.truncate(pos);
        removed_signature = true;
    }

    // 4. Mobile and client footers, as whole lines.
    let before = kept.len();
    kept.retain(|line| !FOOTER.is_match(line.trim()));
    if kept.len() != before {
        removed_signature = true;
    }

    Cleaned {
        text: join_collapsing_blanks(&kept),
        removed_quote,
        removed_signature,
    }
}

/// True when the line is quoted with ">" (after optional leading whitespace).
fn is_quoted(line: &str) -> bool {
    line.trim_start().starts_with('>')
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// The first non-blank line after a separator at `i`, one blank line allowed between them.
fn next_filled(lines: &[&str], i: usize) -> Option<usize> {
    (i + 1..lines.len().min(i + 3)).find(|&j| !is_blank(lines[j]))
}

/// Does quoted history start at `lines[i]`?
fn quote_start(lines: &[&str], i: usize) -> Option<QuoteStart> {
    let line = *lines.get(i)?;
    if is_blank(line) || is_quoted(line) {
        return None;
    }
    if FORWARDED.is_match(line) {
        return Some(QuoteStart::Forward(forward_header_len(lines, i)));
    }
    if ORIGINAL_MESSAGE.is_match(line) {
        return Some(QuoteStart::Boundary);
    }
    if DASHED_TITLE.is_match(line)
        && next_filled(lines, i).is_some_and(|j| ANY_HEADER_FIELD.is_match(lines[j]))
    {
        return Some(QuoteStart::Boundary);
    }
    if UNDERSCORES.is_match(line) {
        // The separator counts only when a header block follows directly (one blank allowed).
        if next_filled(lines, i).is_some_and(|j| header_block_at(lines, j)) {
            return Some(QuoteStart::Boundary);
        }
        return None;
    }
    if header_block_at(lines, i) {
        return Some(QuoteStart::Boundary);
    }
    attribution_at(lines, i).map(QuoteStart::Attribution)
}

/// How many lines a forward's marker at `i` and the header fields under it take ("From:",
/// "Date:", "Subject:", "To:" in any language, blank lines between them included).
fn forward_header_len(lines: &[&str], i: usize) -> usize {
    let mut n = 1;
    while let Some(line) = lines.get(i + n) {
        let blank_before_field = is_blank(line)
            && lines
                .get(i + n + 1)
                .is_some_and(|next| ANY_HEADER_FIELD.is_match(next) && n < 2);
        if !(ANY_HEADER_FIELD.is_match(line) || blank_before_field) {
            break;
        }
        n += 1;
    }
    // The blank line that closes the header block goes with it.
    if lines.get(i + n).is_some_and(|line| is_blank(line)) {
        n += 1;
    }
    n
}

/// An Outlook header block: "From:" followed within [`HEADER_WINDOW`] lines by a "Sent:"/"Date:"
/// line and a "To:"/"Subject:" line.
fn header_block_at(lines: &[&str], i: usize) -> bool {
    let Some(first) = lines.get(i) else {
        return false;
    };
    if !HEADER_FROM.is_match(first) {
        return false;
    }
    let window = lines.iter().skip(i + 1).take(HEADER_WINDOW);
    let (mut sent, mut to) = (false, false);
    for line in window {
        sent |= HEADER_SENT.is_match(line);
        to |= HEADER_TO.is_match(line);
    }
    sent && to
}

/// If an attribution starts at `lines[i]`, how many lines it spans (wrapped attributions are
/// joined with a space before matching).
fn attribution_at(lines: &[&str], i: usize) -> Option<usize> {
    let first = *lines.get(i)?;
    if !ATTRIBUTION_INTRO.is_match(first) {
        return None;
    }
    let mut joined = String::new();
    for (n, line) in lines.iter().skip(i).take(MAX_ATTRIBUTION_LINES).enumerate() {
        if n > 0 {
            // A wrapped attribution continues on non-blank, unquoted lines, and the line before
            // the wrap does not end a sentence.
            let ends_sentence = joined.ends_with(['.', '!', '?', ':', ';']);
            if is_blank(line) || is_quoted(line) || ends_sentence {
                return None;
            }
            joined.push(' ');
        }
        if joined.len() + line.len() > MAX_ATTRIBUTION_BYTES {
            return None;
        }
        joined.push_str(line.trim());
        if ATTRIBUTION_SHAPE.is_match(&joined) && ATTRIBUTION_EVIDENCE.is_match(&joined) {
            return Some(n + 1);
        }
    }
    None
}

/// An attribution heads an interleaved reply when `>` lines follow it and, after them, the
/// sender wrote more unquoted text above any signature delimiter (footers do not count).
fn is_interleaved(lines: &[&str], from: usize) -> bool {
    let mut rest = lines.iter().skip(from).filter(|line| !is_blank(line));
    match rest.next() {
        Some(line) if is_quoted(line) => {}
        _ => return false,
    }
    rest.take_while(|line| **line != "--")
        .any(|line| !is_quoted(line) && !FOOTER.is_match(line.trim()))
}

/// Joins lines with "\n", keeping at most [`MAX_BLANK_RUN`] consecutive blank lines, and trims
/// the result.
pub(super) fn join_collapsing_blanks(lines: &[&str]) -> String {
    let mut out = String::new();
    let mut blank_run = 0usize;
    for line in lines {
        if is_blank(line) {
            blank_run += 1;
            if blank_run > MAX_BLANK_RUN {
                continue;
            }
            out.push('\n');
        } else {
            blank_run = 0;
            out.push_str(line);
            out.push('\n');
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, text: &str, removed_quote: bool, removed_signature: bool) {
        let expected = Cleaned {
            text: text.to_string(),
            removed_quote,
            removed_signature,
        };
        assert_eq!(clean_body(input), expected, "input: {input:?}");
    }

    #[test]
    fn gmail_reply_with_quote() {
        let input = "Hi Dana,\n\nThanks, Thursday works for us.\n\nSam\n\n\
On Mon, 3 Nov 2026 at 10:02, Dana Smith <dana@x.example> wrote:\n\
> Hi Sam,\n>\n> Could we move the demo to Thursday?\n>\n> Dana\n";
        check(
            input,
            "Hi Dana,\n\nThanks, Thursday works for us.\n\nSam",
            true,
            false,
        );
    }

    #[test]
    fn gmail_wrapped_attribution() {
        let input = "Sounds good, send the contract over.\n\n\
On Mon, 3 Nov 2026 at 10:02, Dana Smith <\ndana@x.example> wrote:\n\n\
> Here is the updated proposal.\n";
        check(input, "Sounds good, send the contract over.", true, false);
    }

    #[test]
    fn gmail_attribution_without_quote_markers() {
        // HTML-to-text conversions often drop the ">" markers: everything after is history.
        let input = "Yes please.\n\nOn Mon, Nov 3, 2026 at 10:02 AM Dana Smith <dana@x.example> wrote:\n\nCan we talk pricing?\nDana";
        check(input, "Yes please.", true, false);
    }

    #[test]
    fn outlook_original_message() {
        let input = "Hello Sam,\r\n\r\nPlease find the PO attached.\r\n\r\nRegards,\r\nDana\r\n\r\n\
-----Original Message-----\r\nFrom: Sam Lee <sam@y.example>\r\nSent: Monday, November 3, 2026 10:02 AM\r\n\
To: Dana Smith <dana@x.example>\r\nSubject: Quote\r\n\r\nHi Dana, here is the quote.\r\n";
        check(
            input,
            "Hello Sam,\n\nPlease find the PO attached.\n\nRegards,\nDana",
            true,
            false,
        );
    }

    #[test]
    fn original_message_variants() {
        for sep in [
            "----- Original Message -----",
            "-----Ursprüngliche Nachricht-----",
            "-----Message d'origine-----",
            "-----Mensaje original-----",
        ] {
            let input = format!("New text.\n\n{sep}\nOld text.\n");
            check(&input, "New text.", true, false);
        }
    }

    #[test]
    fn a_dashed_title_before_a_header_field_is_a_separator_in_any_language() {
        for (sep, field) in [
            ("-------- Původní zpráva --------", "Od: Tomáš Dvořák"),
            (
                "--- Oryginalna wiadomość ---",
                "Od: Anna Nowak <anna@x.example>",
            ),
            ("-----Ursprungligt meddelande-----", "Från: Karin"),
        ] {
            let input = format!("New text.\n\n{sep}\n{field}\nOld text.\n");
            check(&input, "New text.", true, false);
        }
        let heading = "Plan for Monday.\n\n--- Next steps ---\nWe send the contract.\n";
        check(
            heading,
            "Plan for Monday.\n\n--- Next steps ---\nWe send the contract.",
            false,
            false,
        );
    }

    #[test]
    fn outlook_header_block_english_with_underscores() {
        let input = "We can sign this week.\n\nBest,\nDana\n\n\
________________________________\n\
From: Sam Lee <sam@y.example>\nSent: Monday, November 3, 2026 10:02 AM\n\
To: Dana Smith <dana@x.example>\nSubject: RE: Pricing\n\nHi Dana, any update?\n";
        check(input, "We can sign this week.\n\nBest,\nDana", true, false);
    }

    #[test]
    fn outlook_header_block_english_bold() {
        let input = "Agreed.\n\n*From:* Sam Lee <sam@y.example>\n*Sent:* Monday, November 3, 2026 10:02 AM\n\
*To:* Dana Smith <dana@x.example>\n*Subject:* RE: Pricing\n\nOld text";
        check(input, "Agreed.", true, false);
    }

    #[test]
    fn outlook_header_block_german() {
        let input = "Hallo Sam,\n\ndas Angebot passt für uns.\n\nGrüße\nJan\n\n\
Von: Sam Lee <sam@y.example>\nGesendet: Montag, 3. November 2026 10:02\n\
An: Jan Müller <jan@x.example>\nBetreff: AW: Angebot\n\nHallo Jan, ...\n";
        check(
            input,
            "Hallo Sam,\n\ndas Angebot passt für uns.\n\nGrüße\nJan",
            true,
            false,
        );
    }

    #[test]
    fn outlook_header_block_french() {
        let input = "Bonjour Sam,\n\nC'est d'accord pour jeudi.\n\nMarie\n\n\
________________________________\n\
De : Sam Lee <sam@y.example>\nEnvoyé : lundi 3 novembre 2026 10:02\n\
À : Marie Dupont <marie@x.example>\nObjet : RE: Devis\n\nBonjour Marie\n";
        check(
            input,
            "Bonjour Sam,\n\nC'est d'accord pour jeudi.\n\nMarie",
            true,
            false,
        );
    }

    #[test]
    fn outlook_header_block_spanish() {
        let input = "Hola Sam,\n\nNos interesa la propuesta.\n\nAna\n\n\
De: Sam Lee <sam@y.example>\nEnviado: lunes, 3 de noviembre de 2026 10:02\n\
Para: Ana García <ana@x.example>\nAsunto: RE: Presupuesto\n\nHola Ana\n";
        check(
            input,
            "Hola Sam,\n\nNos interesa la propuesta.\n\nAna",
            true,
            false,
        );
    }

    #[test]
    fn apple_mail_attribution() {
        let input = "Perfect, thank you!\n\n\
On 3 Nov 2026, at 10:02, Dana <dana@x.example> wrote:\n\n> Attached is the invoice.\n";
        check(input, "Perfect, thank you!", true, false);
    }

    #[test]
    fn apple_mail_forwarded() {
        let input = "FYI, see below.\n\nBegin forwarded message:\n\n\
From: Dana <dana@x.example>\nSubject: Renewal\nDate: 3 November 2026 at 10:02:00 GMT\n\nOld";
        check(input, "FYI, see below.\n\nOld", false, false);
    }

    #[test]
    fn gmail_forwarded() {
        let input = "Can you take this one?\n\n---------- Forwarded message ---------\n\
From: Dana <dana@x.example>\nDate: Mon, 3 Nov 2026 at 10:02\nSubject: Renewal\nTo: <sam@y.example>\n\nOld";
        check(input, "Can you take this one?\n\nOld", false, false);
    }

    #[test]
    fn a_forward_keeps_its_body_and_cuts_the_history_under_it() {
        let input = "ti giro sotto la risposta di Paola.\nMarco\n\n\
---------- Messaggio inoltrato ----------\nDa: Paola <p@x.example>\nData: martedì 09:47\n\
A: Marco <m@x.example>\nOggetto: R: contratto\n\nNon lo firmo io: serve il CdA.\n\n\
On Mon, 3 Nov 2026 at 10:02, Marco Zanon <m@x.example> wrote:\n> Possiamo firmare?\n";
        check(
            input,
            "ti giro sotto la risposta di Paola.\nMarco\n\nNon lo firmo io: serve il CdA.",
            true,
            false,
        );
    }

    #[test]
    fn a_european_portuguese_forward_keeps_its_body() {
        let input = "Reencaminho abaixo a resposta do Rui.\n\n\
---------- Mensagem reencaminhada ---------\nDe: Rui <r@x.example>\nData: seg., 10/03/2025\n\
Assunto: RE: Proposta\nPara: Inês <i@x.example>\n\nTem de ir a Conselho.";
        check(
            input,
            "Reencaminho abaixo a resposta do Rui.\n\nTem de ir a Conselho.",
            false,
            false,
        );
    }

    #[test]
    fn interleaved_quoting_keeps_answers() {
        let input = "On Mon, 3 Nov 2026 at 10:02, Dana Smith <dana@x.example> wrote:\n\
> Can you do 10% off?\n\nWe can do 8% on a two-year term.\n\n\
> And onboarding in December?\n\nYes, the week of the 7th.\n";
        check(
            input,
            "We can do 8% on a two-year term.\n\n\nYes, the week of the 7th.",
            true,
            false,
        );
    }

    #[test]
    fn top_post_with_unquoted_text_after_signature_delimiter() {
        let input = "Thanks!\n\nOn Mon, 3 Nov 2026 at 10:02, Dana Smith <dana@x.example> wrote:\n\
> Please confirm.\n\n-- \nDana Smith\n";
        check(input, "Thanks!", true, false);
    }

    #[test]
    fn wrapped_intro_line_followed_by_quote_is_not_joined() {
        let input = "Hi\n\nOn Mon, 3 Nov 2026 at 10:02, Dana Smith <\n> quoted\nmore";
        check(
            input,
            "Hi\n\nOn Mon, 3 Nov 2026 at 10:02, Dana Smith <\nmore",
            true,
            false,
        );
    }

    #[test]
    fn interleaved_quoting_without_attribution() {
        let input = "> Is the API rate limited?\nYes, 100 requests per minute.\n  > Any SLA?\nThere is a 99.9% SLA.";
        check(
            input,
            "Yes, 100 requests per minute.\nThere is a 99.9% SLA.",
            true,
            false,
        );
    }

    #[test]
    fn dash_dash_space_signature() {
        let input =
            "Let's meet at 3pm.\n\n-- \nDana Smith\nHead of Ops | Example Corp\n+1 555 0100\n";
        check(input, "Let's meet at 3pm.", false, true);
    }

    #[test]
    fn bare_dash_dash_signature() {
        let input = "Let's meet at 3pm.\n--\nDana";
        check(input, "Let's meet at 3pm.", false, true);
    }

    #[test]
    fn sent_from_my_iphone() {
        let input = "Ok, go ahead.\n\nSent from my iPhone\n\n\
On Nov 3, 2026, at 10:02, Sam Lee <sam@y.example> wrote:\n\n> Shall I send the order form?\n";
        check(input, "Ok, go ahead.", true, true);
    }

    #[test]
    fn other_mobile_footers() {
        for footer in [
            "Sent from my Galaxy",
            "Sent from my Samsung Galaxy smartphone.",
            "Get Outlook for iOS",
            "Get Outlook for Android<https://aka.ms/ghei36>",
            "Sent from Mail for Windows",
            "Sent from Mail for Windows 10",
            "Enviado desde mi iPhone",
            "Envoyé de mon iPhone",
            "Von meinem iPhone gesendet",
            "Gesendet von meinem Samsung Galaxy",
        ] {
            let input = format!("Confirmed.\n\n{footer}\n");
            check(&input, "Confirmed.", false, true);
        }
    }

    #[test]
    fn spanish_attribution() {
        let input = "Hola Ana, te envío el contrato hoy.\n\n\
El lun, 3 nov 2026 a las 10:02, Ana (<ana@x.example>) escribió:\n> ¿Me mandas el contrato?\n";
        check(input, "Hola Ana, te envío el contrato hoy.", true, false);
    }

    #[test]
    fn french_attribution() {
        let input = "Merci Marie, c'est noté.\n\n\
Le lun. 3 nov. 2026 à 10:02, Marie <marie@x.example> a écrit :\n> Pouvez-vous confirmer ?\n";
        check(input, "Merci Marie, c'est noté.", true, false);
    }

    #[test]
    fn german_attribution() {
        let input = "Danke Jan, passt.\n\n\
Am Mo., 3. Nov. 2026 um 10:02 Uhr schrieb Jan <jan@x.example>:\n> Passt Donnerstag?\n";
        check(input, "Danke Jan, passt.", true, false);
    }

    #[test]
    fn portuguese_italian_dutch_attributions() {
        for attribution in [
            "Em seg., 3 de nov. de 2026 às 10:02, João <joao@x.example> escreveu:",
            "Il giorno lun 3 nov 2026 alle ore 10:02 Luca <luca@x.example> ha scritto:",
            "Op ma 3 nov. 2026 om 10:02 schreef Jan <jan@x.example>:",
            "No dia qua., 5/11/2026 às 10:02, João <joao@x.example> escreveu:",
            "Op 3 nov. 2026 om 10:02 heeft Jan de Vries <jan@x.example> het volgende geschreven:",
        ] {
            let input = format!("New text.\n\n{attribution}\n> old text\n");
            check(&input, "New text.", true, false);
        }
    }

    #[test]
    fn attribution_with_comma_separated_name_only() {
        let input = "Fine by me.\n\nOn Monday, Dana Smith wrote:\n> Shall we?";
        check(input, "Fine by me.", true, false);
    }

    #[test]
    fn negative_sentences_mentioning_wrote_and_from() {
        let input = "On Monday we wrote to the board: they approved the budget.\n\
On Monday we wrote to the board:\n\
On Monday, we wrote:\n\
As Dana wrote: the pilot went well.\n\
From: our side, everything is ready.\n\
Subject: to approval, we start in May.";
        check(input, input, false, false);
    }

    #[test]
    fn negative_sentence_then_wrote_on_next_line() {
        let input = "On 3 May 2026 we met the team.\nThen Dana wrote:\nthe rollout is on track.";
        check(input, input, false, false);
    }

    #[test]
    fn negative_double_dash_inside_sentence() {
        let input = "The price -- before discounts -- is fine.\n--not a delimiter\nSent from my office, the numbers look right.";
        check(input, input, false, false);
    }

    #[test]
    fn negative_underscores_without_header() {
        let input = "Sign here:\n______________________\nThanks";
        check(input, input, false, false);
    }

    #[test]
    fn crlf_and_whitespace_normalisation() {
        let input =
            "  \r\nLine one   \r\nLine two\t\r\rLine three\r\n\r\n\r\n\r\n\r\nLine four\r\n  ";
        check(
            input,
            "Line one\nLine two\n\nLine three\n\n\nLine four",
            false,
            false,
        );
    }

    #[test]
    fn only_quote() {
        let input =
            "On Mon, 3 Nov 2026 at 10:02, Dana Smith <dana@x.example> wrote:\n> Hello\n> there\n";
        check(input, "", true, false);
        check("> just\n> quoted\n", "", true, false);
    }

    #[test]
    fn empty_input() {
        check("", "", false, false);
        check(" \r\n\t\n", "", false, false);
    }

    #[test]
    fn hostile_long_line() {
        let input = "a".repeat(200 * 1024);
        check(&input, &input, false, false);
        let attribution_like = format!("On {} wrote:", "a".repeat(200 * 1024));
        check(&attribution_like, &attribution_like, false, false);
    }

    #[test]
    fn hostile_many_quote_lines() {
        let input = ">\n".repeat(10_000);
        check(&input, "", true, false);
        let many_headers = "From: x\n".repeat(10_000);
        check(&many_headers, many_headers.trim(), false, false);
        let many_intros = "On 3 Nov 2026 at 10:02\n".repeat(10_000);
        check(&many_intros, many_intros.trim(), false, false);
    }

    #[test]
    fn non_ascii_text_does_not_panic() {
        let input = "¡Hola! Gracias 🙏 — el café está listo ☕️.\nÇa marche, à jeudi 😀\n\n\
El lun, 3 nov 2026 a las 10:02, Ana (<ana@x.example>) escribió:\n> ¿Qué tal? 😀\n";
        check(
            input,
            "¡Hola! Gracias 🙏 — el café está listo ☕️.\nÇa marche, à jeudi 😀",
            true,
            false,
        );
        // Multi-byte characters right where a naive slicer would cut.
        let odd = "é\r\u{a0}\n🙂-- \n>\u{200b}\n\u{feff}";
        check(odd, "é\n\n🙂--\n\u{feff}", true, false);
    }
}
