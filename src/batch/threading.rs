//! Grouping emails into conversations and turning one conversation into a [`Thread`].
//!
//! Owns threading (Message-ID / In-Reply-To / References, with a normalised subject plus
//! participants fallback), ordering by date, the conversation's stable id, deciding which side
//! is the rep ([`RepRules`]), and building the [`Thread`] from bodies read back through
//! [`source::read`]. It must not find files (that is [`source`]), strip quotes or signatures
//! (the pipeline does that later), nor call models.
//!
//! Body decoding policy, per message, in [`build`]: every inline text part is used (text/plain
//! preferred; HTML-only mail converted to text by mail-parser), joined by a blank line; a
//! message with no text part at all (only attachments) has empty text. The whole thread is an
//! [`ItemError`] when a message cannot be read back, has no header block, declares a multipart
//! body whose boundary is missing or absent from the body (broken MIME: mail-parser would hand
//! back the raw MIME structure as text), has a text part whose transfer encoding could not be
//! decoded, or whose text is not valid in its declared charset (U+FFFD after decoding).

use std::collections::{BTreeMap, HashMap};

use mail_parser::{MessageParser, MimeHeaders, PartType};
use sha2::{Digest, Sha256};

use super::source::{self, ItemError, Location, MailRef};
use crate::thread::{Message, Role, Thread};

/// Who is the rep: exact addresses and domains (a domain also matches its subdomains).
#[derive(Debug, Clone, Default)]
pub struct RepRules {
    /// Lowercase addresses.
    pub addresses: Vec<String>,
    /// Lowercase domains: `acme.example` matches `bob@acme.example` and `bob@x.acme.example`.
    pub domains: Vec<String>,
}

impl RepRules {
    /// Case-insensitive; surrounding whitespace and a leading `@` on a domain rule are ignored.
    pub fn is_rep(&self, address: &str) -> bool {
        let address = address.trim().to_lowercase();
        if self
            .addresses
            .iter()
            .any(|a| a.trim().eq_ignore_ascii_case(&address))
        {
            return true;
        }
        let Some((_, domain)) = address.rsplit_once('@') else {
            return false;
        };
        self.domains.iter().any(|rule| {
            let rule = rule.trim().trim_start_matches('@').to_lowercase();
            !rule.is_empty()
                && (domain == rule
                    || domain
                        .strip_suffix(rule.as_str())
                        .is_some_and(|head| head.ends_with('.')))
        })
    }

    pub fn is_empty(&self) -> bool {
        self.addresses.is_empty() && self.domains.is_empty()
    }
}

/// Groups mails into conversations.
///
/// Union-find over Message-ID, In-Reply-To and References (an id referenced but absent from
/// the input still links the messages that cite it). A message linked to nothing — no
/// In-Reply-To, no References, and not cited by any other message — falls back to the first
/// message with the same non-empty subject key and the same participants. Several copies of one
/// Message-ID (the same mail in two folders) are kept once, the first seen.
///
/// Each group is sorted by date (missing dates last, otherwise input order). Groups come out
/// by their first message's date (missing last), then by [`thread_id`].
pub fn group(mails: Vec<MailRef>) -> Vec<Vec<MailRef>> {
    let mails = dedup_by_message_id(mails);
    let n = mails.len();
    let mut uf = UnionFind::new(n);
    // Nodes 0..n are messages; ids that are only referenced get nodes after them.
    let mut id_node: HashMap<&str, usize> = HashMap::new();
    for (i, mail) in mails.iter().enumerate() {
        if let Some(id) = mail.message_id.as_deref() {
            id_node.insert(id, i);
        }
    }
    let mut cited = vec![false; n];
    for (i, mail) in mails.iter().enumerate() {
        for id in mail.in_reply_to.iter().chain(&mail.references) {
            let node = match id_node.get(id.as_str()) {
                Some(&node) => node,
                None => {
                    let node = uf.push();
                    id_node.insert(id, node);
                    node
                }
            };
            if node < n && node != i {
                cited[node] = true;
            }
            uf.union(i, node);
        }
    }
    // Subject + participants fallback for messages that no id links to anything.
    let mut by_key: HashMap<(&str, &[String]), usize> = HashMap::new();
    for (i, mail) in mails.iter().enumerate() {
        if !mail.subject_key.is_empty() {
            by_key
                .entry((mail.subject_key.as_str(), mail.participants.as_slice()))
                .or_insert(i);
        }
    }
    for (i, mail) in mails.iter().enumerate() {
        let unlinked = mail.in_reply_to.is_empty() && mail.references.is_empty() && !cited[i];
        if !unlinked || mail.subject_key.is_empty() {
            continue;
        }
        let key = (mail.subject_key.as_str(), mail.participants.as_slice());
        if let Some(&first) = by_key.get(&key) {
            uf.union(i, first);
        }
    }

    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        groups.entry(uf.find(i)).or_default().push(i);
    }
    let mut slots: Vec<Option<MailRef>> = mails.into_iter().map(Some).collect();
    let mut out: Vec<(Option<i64>, String, Vec<MailRef>)> = groups
        .into_values()
        .map(|members| {
            let mut group: Vec<MailRef> = members
                .into_iter()
                .filter_map(|i| slots[i].take())
                .collect();
            sort_by_date(&mut group);
            (group[0].date, thread_id(&group), group)
        })
        .collect();
    out.sort_by(|a, b| date_order(a.0, b.0).then_with(|| a.1.cmp(&b.1)));
    out.into_iter().map(|(_, _, group)| group).collect()
}

fn dedup_by_message_id(mails: Vec<MailRef>) -> Vec<MailRef> {
    let mut seen = std::collections::HashSet::new();
    mails
        .into_iter()
        .filter(|m| match &m.message_id {
            Some(id) => seen.insert(id.clone()),
            None => true,
        })
        .collect()
}

/// Missing dates sort last.
fn date_order(a: Option<i64>, b: Option<i64>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

fn sort_by_date(group: &mut [MailRef]) {
    // `sort_by` is stable: equal or missing dates keep input order.
    group.sort_by(|a, b| date_order(a.date, b.date));
}

struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    fn push(&mut self) -> usize {
        self.parent.push(self.parent.len());
        self.parent.len() - 1
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// The smaller root wins, so a group's root is its earliest message in input order.
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            self.parent[hi] = lo;
        }
    }
}

/// The conversation's stable id. The root is the oldest message (the group sorted as
/// [`group`] returns it): the first id of its References when it has them (the conversation's
/// real root, even when that message is missing from the export), else its own Message-ID.
/// Without either: `sha256:` and 32 hex digits of the hash of the group's locations and the
/// root's subject key.
pub fn thread_id(group: &[MailRef]) -> String {
    let Some(root) = group.first() else {
        return hash_id(&[], "");
    };
    if let Some(id) = root.references.first().or(root.message_id.as_ref()) {
        return id.clone();
    }
    let locations: Vec<String> = group.iter().map(|m| location_key(&m.location)).collect();
    hash_id(&locations, &root.subject_key)
}

fn location_key(location: &Location) -> String {
    match location {
        Location::File(path) => format!("file:{}", path.display()),
        Location::Mbox { path, offset, len } => {
            format!("mbox:{}@{offset}+{len}", path.display())
        }
    }
}

fn hash_id(locations: &[String], subject: &str) -> String {
    let mut hasher = Sha256::new();
    for location in locations {
        hasher.update(location.as_bytes());
        hasher.update(b"\n");
    }
    hasher.update(b"subject:");
    hasher.update(subject.as_bytes());
    let digest = hasher.finalize();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{}", &hex[..32])
}

/// What [`build`] made of a conversation.
#[derive(Debug, Clone, PartialEq)]
pub enum Built {
    Thread(Thread),
    /// The newest message is the rep's: nothing to answer.
    AwaitingCustomer,
}

/// Assigns roles and, unless the rep wrote last, reads the bodies and builds the [`Thread`].
///
/// Roles: with rules, a message is the rep's when its From address matches [`RepRules`]
/// (a message without a From address is the customer's); without rules, the newest message's
/// sender is the customer, as is anyone sharing that address, and everyone else is the rep
/// (so an empty rule set never yields [`Built::AwaitingCustomer`]).
///
/// The thread has `id` = [`thread_id`], messages oldest first (`from` as "Name <addr>",
/// `sent_at` in RFC 3339 with the message's own offset, the raw decoded text — quotes and
/// signatures are stripped later in the pipeline) and context `{"subject": …}` from the
/// oldest message that has one. See the module documentation for the decoding policy; any
/// undecodable message is an [`ItemError`] for the whole thread.
pub fn build(group: &[MailRef], reps: &RepRules) -> Result<Built, ItemError> {
    let mut sorted: Vec<&MailRef> = group.iter().collect();
    sorted.sort_by(|a, b| date_order(a.date, b.date));
    let Some(newest) = sorted.last() else {
        return Err(ItemError::new("(empty conversation)", "no messages"));
    };
    let role_of = |mail: &MailRef| -> Role {
        if reps.is_empty() {
            if mail.from_address == newest.from_address {
                Role::Customer
            } else {
                Role::Rep
            }
        } else {
            match mail.from_address.as_deref() {
                Some(address) if reps.is_rep(address) => Role::Rep,
                _ => Role::Customer,
            }
        }
    };
    if role_of(newest) == Role::Rep {
        return Ok(Built::AwaitingCustomer);
    }
    let mut messages = Vec::with_capacity(sorted.len());
    let mut subject: Option<String> = None;
    for mail in &sorted {
        let body = read_body(mail)?;
        if subject.is_none() {
            subject = body.subject;
        }
        messages.push(Message {
            role: role_of(mail),
            from: mail.from_display.clone(),
            sent_at: body.sent_at,
            text: body.text,
        });
    }
    let mut context = BTreeMap::new();
    if let Some(subject) = subject {
        context.insert("subject".to_string(), subject);
    }
    let ordered: Vec<MailRef> = sorted.into_iter().cloned().collect();
    Ok(Built::Thread(Thread {
        id: Some(thread_id(&ordered)),
        messages,
        context,
    }))
}

struct Body {
    text: String,
    subject: Option<String>,
    sent_at: Option<String>,
}

fn read_body(mail: &MailRef) -> Result<Body, ItemError> {
    let bytes = source::read(&mail.location)?;
    decode_body(&bytes).map_err(|reason| ItemError::new(&mail.location, reason))
}

fn decode_body(bytes: &[u8]) -> Result<Body, String> {
    let message = MessageParser::default()
        .parse(bytes)
        .filter(|m| !m.headers().is_empty())
        .ok_or("no RFC 822 header block found")?;
    if let Some(ct) = message.content_type() {
        let root_is_multipart = matches!(message.root_part().body, PartType::Multipart(_));
        if ct.ctype().eq_ignore_ascii_case("multipart") && !root_is_multipart {
            let subtype = ct.subtype().unwrap_or("?");
            return Err(match ct.attribute("boundary") {
                None => format!("broken MIME: multipart/{subtype} without a boundary"),
                Some(b) => {
                    format!("broken MIME: multipart/{subtype} boundary \"{b}\" not found in body")
                }
            });
        }
    }
    let mut texts = Vec::new();
    for i in 0..message.text_body_count() {
        if let Some(part) = message.text_part(i as u32) {
            if part.is_encoding_problem {
                return Err(
                    "broken MIME: a text part's transfer encoding could not be decoded".into(),
                );
            }
        }
        if let Some(text) = message.body_text(i) {
            if text.contains('\u{FFFD}') {
                return Err("text is not valid in its declared charset".into());
            }
            let text = text.trim_end().to_string();
            if !text.trim().is_empty() {
                texts.push(text);
            }
        }
    }
    Ok(Body {
        text: texts.join("\n\n"),
        subject: message.subject().map(str::to_string),
        sent_at: message
            .date()
            .filter(|d| d.is_valid())
            .map(|d| d.to_rfc3339()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn fixtures() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mail")
    }

    fn mbox_groups() -> Vec<Vec<MailRef>> {
        let scan = source::scan(&[fixtures().join("sales.mbox")]).unwrap();
        assert!(scan.errors.is_empty(), "{:?}", scan.errors);
        group(scan.mails)
    }

    fn ids(group: &[MailRef]) -> Vec<&str> {
        group
            .iter()
            .map(|m| m.message_id.as_deref().unwrap_or("-"))
            .collect()
    }

    fn find<'a>(groups: &'a [Vec<MailRef>], id: &str) -> &'a [MailRef] {
        groups
            .iter()
            .find(|g| g.iter().any(|m| m.message_id.as_deref() == Some(id)))
            .unwrap_or_else(|| panic!("no group with {id}"))
    }

    fn vendor() -> RepRules {
        RepRules {
            addresses: vec![],
            domains: vec!["vendor.example".into()],
        }
    }

    fn mail(id: &str, date: Option<i64>) -> MailRef {
        MailRef {
            location: Location::File(PathBuf::from(format!("/x/{id}.eml"))),
            message_id: Some(id.to_string()),
            in_reply_to: vec![],
            references: vec![],
            subject_key: format!("subject of {id}"),
            participants: vec![format!("{id}@a.example"), "rep@vendor.example".into()],
            from_address: Some(format!("{id}@a.example")),
            from_display: None,
            date,
        }
    }

    #[test]
    fn rep_rules_match_addresses_domains_and_subdomains() {
        let rules = RepRules {
            addresses: vec!["rob.miller@partner.example".into()],
            domains: vec!["vendor.example".into()],
        };
        assert!(!rules.is_empty());
        assert!(rules.is_rep("rob.miller@partner.example"));
        assert!(rules.is_rep("Rob.Miller@Partner.Example"));
        assert!(!rules.is_rep("other@partner.example"));
        assert!(rules.is_rep("bob@vendor.example"));
        assert!(rules.is_rep("jo.park@eu.vendor.example"));
        assert!(rules.is_rep("JO@EU.VENDOR.EXAMPLE"));
        assert!(!rules.is_rep("eve@evilvendor.example"));
        assert!(!rules.is_rep("eve@vendor.example.attacker.example"));
        assert!(!rules.is_rep("vendor.example"));
        assert!(RepRules::default().is_empty());
        assert!(!RepRules::default().is_rep("bob@vendor.example"));
    }

    #[test]
    fn the_fixture_mbox_groups_into_four_conversations() {
        let groups = mbox_groups();
        assert_eq!(
            groups.len(),
            4,
            "{:?}",
            groups.iter().map(|g| ids(g)).collect::<Vec<_>>()
        );
        // Ordered by first message date: Pricing (2 Mar 09:00 UTC), Renewal (2 Mar 18:30 UTC),
        // Devis (3 Mar 13:05 UTC), Contract (4 Mar).
        assert_eq!(
            ids(&groups[0]),
            [
                "pricing-1@northwind.example",
                "pricing-2@vendor.example",
                "pricing-3@northwind.example",
                // No In-Reply-To / References: joined by subject "Re: Pricing" + participants.
                "pricing-4@northwind.example",
            ]
        );
        assert_eq!(
            ids(&groups[1]),
            ["renewal-1@contoso.example", "renewal-2@eu.vendor.example"]
        );
        // devis-3 has References only.
        assert_eq!(
            ids(&groups[2]),
            [
                "devis-1@fromagerie.example",
                "devis-2@vendor.example",
                "devis-3@fromagerie.example"
            ]
        );
        assert_eq!(ids(&groups[3]), ["contract-1@globex.example"]);
        assert_eq!(thread_id(&groups[0]), "pricing-1@northwind.example");
        for g in &groups {
            assert!(g.windows(2).all(|w| w[0].date <= w[1].date));
        }
    }

    #[test]
    fn subject_fallback_needs_same_participants_and_an_unlinked_message() {
        let mut root = mail("r", Some(10));
        root.subject_key = "pricing".into();
        let mut same = mail("s", Some(20));
        same.subject_key = "pricing".into();
        same.participants = root.participants.clone();
        let mut other_people = mail("o", Some(30));
        other_people.subject_key = "pricing".into();
        let mut linked_elsewhere = mail("l", Some(40));
        linked_elsewhere.subject_key = "pricing".into();
        linked_elsewhere.participants = root.participants.clone();
        linked_elsewhere.in_reply_to = vec!["unknown-parent".into()];
        let groups = group(vec![root, same, other_people, linked_elsewhere]);
        let shape: Vec<Vec<&str>> = groups.iter().map(|g| ids(g)).collect();
        assert_eq!(shape, [vec!["r", "s"], vec!["o"], vec!["l"]]);
    }

    #[test]
    fn references_to_a_missing_root_still_link_and_name_the_thread() {
        let mut a = mail("a", Some(100));
        a.references = vec!["lost-root@x".into()];
        let mut b = mail("b", Some(50));
        b.references = vec!["lost-root@x".into(), "a".into()];
        let groups = group(vec![a, b]);
        assert_eq!(groups.len(), 1);
        // Sorted by date, even against the reply chain.
        assert_eq!(ids(&groups[0]), ["b", "a"]);
        assert_eq!(thread_id(&groups[0]), "lost-root@x");
    }

    #[test]
    fn dates_order_messages_missing_dates_last_and_groups_deterministically() {
        let mut a = mail("a", None);
        a.in_reply_to = vec!["c".into()];
        let mut b = mail("b", Some(300));
        b.in_reply_to = vec!["c".into()];
        let c = mail("c", Some(200));
        let d = mail("d", Some(100));
        let e = mail("e", None);
        let dup = mail("d", Some(100));
        let groups = group(vec![a, b, c, d, e, dup]);
        let shape: Vec<Vec<&str>> = groups.iter().map(|g| ids(g)).collect();
        assert_eq!(shape, [vec!["d"], vec!["c", "b", "a"], vec!["e"]]);
    }

    #[test]
    fn thread_id_without_message_ids_is_a_stable_hash() {
        let mut a = mail("a", Some(1));
        a.message_id = None;
        let id = thread_id(std::slice::from_ref(&a));
        assert!(id.starts_with("sha256:") && id.len() == 7 + 32, "{id}");
        assert_eq!(id, thread_id(std::slice::from_ref(&a)));
        let mut b = a.clone();
        b.location = Location::Mbox {
            path: "/x/box".into(),
            offset: 10,
            len: 20,
        };
        assert_ne!(id, thread_id(&[b]));
    }

    #[test]
    fn rep_last_conversation_awaits_the_customer() {
        let groups = mbox_groups();
        let renewal = find(&groups, "renewal-1@contoso.example");
        // jo.park@eu.vendor.example matches the domain rule through its subdomain.
        assert_eq!(build(renewal, &vendor()).unwrap(), Built::AwaitingCustomer);
        let by_address = RepRules {
            addresses: vec!["jo.park@eu.vendor.example".into()],
            domains: vec![],
        };
        assert_eq!(
            build(renewal, &by_address).unwrap(),
            Built::AwaitingCustomer
        );
        // Without rules the newest sender is the customer: the thread is built.
        let Built::Thread(t) = build(renewal, &RepRules::default()).unwrap() else {
            panic!("expected a thread");
        };
        assert_eq!(t.messages[1].role, Role::Customer);
        assert_eq!(t.messages[0].role, Role::Rep);
    }

    #[test]
    fn customer_last_conversation_becomes_a_thread() {
        let groups = mbox_groups();
        let Built::Thread(t) = build(&groups[0], &vendor()).unwrap() else {
            panic!("expected a thread");
        };
        assert_eq!(t.id.as_deref(), Some("pricing-1@northwind.example"));
        assert_eq!(t.context["subject"], "Pricing");
        let roles: Vec<Role> = t.messages.iter().map(|m| m.role).collect();
        assert_eq!(
            roles,
            [Role::Customer, Role::Rep, Role::Customer, Role::Customer]
        );
        let newest = t.messages.last().unwrap();
        assert_eq!(
            newest.from.as_deref(),
            Some("Dana Reyes <dana.reyes@northwind.example>")
        );
        assert_eq!(newest.sent_at.as_deref(), Some("2026-03-05T16:45:00Z"));
        assert!(newest.text.contains("start with 25 seats"));
        // Base64 text/plain preferred over the HTML alternative.
        assert!(t.messages[0]
            .text
            .starts_with("Hi Rob,\n\nThanks for the demo"));
        assert!(!t.messages[0].text.contains('<'));
        // Quoted-printable, soft line breaks joined, mboxrd escape removed.
        let qp = &t.messages[1].text;
        assert!(qp.contains("€18,400 — that includes onboarding"), "{qp}");
        assert!(qp.contains("\nFrom the start of the pilot"), "{qp}");
        assert!(qp.contains("\n>From the desk of"), "{qp}");
        // Gmail quoting is kept raw here; stripping happens later in the pipeline.
        assert!(t.messages[2].text.contains("wrote:\n> Hi Dana,"));
        let cleaned = t.cleaned();
        assert!(cleaned.removed[2].quote);
        assert!(!cleaned.thread.messages[2].text.contains("wrote:"));
        // Without rules, the same thread: Dana wrote last, Rob is the rep.
        let Built::Thread(same) = build(&groups[0], &RepRules::default()).unwrap() else {
            panic!("expected a thread");
        };
        assert_eq!(same, t);
    }

    #[test]
    fn latin1_and_outlook_quoting() {
        let groups = mbox_groups();
        let devis = find(&groups, "devis-1@fromagerie.example");
        let Built::Thread(t) = build(devis, &vendor()).unwrap() else {
            panic!("expected a thread");
        };
        assert_eq!(t.context["subject"], "Devis pour la saison d'\u{e9}t\u{e9}");
        let first = &t.messages[0];
        assert_eq!(
            first.from.as_deref(),
            Some("Camille Lef\u{e8}vre <camille@fromagerie.example>")
        );
        assert!(
            first.text.contains("Tr\u{e8}s int\u{e9}ress\u{e9}e"),
            "{}",
            first.text
        );
        assert!(first.text.contains("petite \u{e9}quipe"));
        assert_eq!(first.sent_at.as_deref(), Some("2026-03-03T14:05:00+01:00"));
        assert_eq!(t.messages[1].role, Role::Rep);
        assert_eq!(devis[1].subject_key, "devis pour la saison d'\u{e9}t\u{e9}");
        assert!(t.messages[1].text.contains("Sent: Tuesday, March 3, 2026"));
        let cleaned = t.cleaned();
        assert!(cleaned.removed[1].quote, "{:?}", cleaned.removed);
        assert!(!cleaned.thread.messages[1].text.contains("Sent:"));
        let newest = t.messages.last().unwrap();
        assert_eq!(newest.role, Role::Customer);
        assert!(newest.text.contains("p\u{e9}riode d'essai"));
    }

    #[test]
    fn html_only_mail_becomes_text_without_tags() {
        let groups = mbox_groups();
        let renewal = find(&groups, "renewal-1@contoso.example");
        let Built::Thread(t) = build(&renewal[..1], &vendor()).unwrap() else {
            panic!("expected a thread");
        };
        let text = &t.messages[0].text;
        assert!(
            text.contains("Our licence expires at the end of March."),
            "{text}"
        );
        assert!(text.contains("three-year quote"), "{text}");
        assert!(
            !text.contains('<') && !text.contains("font-family"),
            "{text}"
        );
    }

    #[test]
    fn broken_mime_is_an_item_error_for_the_whole_thread() {
        let groups = mbox_groups();
        let contract = find(&groups, "contract-1@globex.example");
        let err = build(contract, &vendor()).unwrap_err();
        assert!(err.source.contains("sales.mbox@"), "{err}");
        assert!(
            err.reason
                .contains("broken MIME: multipart/mixed without a boundary"),
            "{err}"
        );
    }

    #[test]
    fn undecodable_bodies_are_item_errors() {
        let bad_base64 = b"From: a@x.example\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n!!!not base64 at all!!!\n";
        let err = decode_body(bad_base64).err();
        assert!(err.is_some_and(|e| e.contains("could not be decoded")));
        let bad_charset =
            b"From: a@x.example\nContent-Type: text/plain; charset=utf-8\n\ncaf\xe9\n";
        let err = decode_body(bad_charset).err();
        assert!(err.is_some_and(|e| e.contains("charset")));
        let missing_boundary = b"From: a@x.example\nContent-Type: multipart/alternative; boundary=\"zz\"\n\n--other\nContent-Type: text/plain\n\nhi\n--other--\n";
        let err = decode_body(missing_boundary).err();
        assert!(err.is_some_and(|e| e.contains("not found in body")));
        let attachment_only = b"From: a@x.example\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n";
        assert_eq!(decode_body(attachment_only).unwrap().text, "");
    }

    #[test]
    fn maildir_conversation_builds_with_customer_last() {
        let scan = source::scan(&[fixtures().join("maildir")]).unwrap();
        let groups = group(scan.mails);
        assert_eq!(groups.len(), 1);
        let Built::Thread(t) = build(&groups[0], &vendor()).unwrap() else {
            panic!("expected a thread");
        };
        assert_eq!(t.id.as_deref(), Some("onboard-1@kestrel.example"));
        let roles: Vec<Role> = t.messages.iter().map(|m| m.role).collect();
        assert_eq!(roles, [Role::Customer, Role::Rep, Role::Customer]);
        assert!(t.messages[2].text.starts_with("Two weeks is too long."));
    }
}
