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

use super::source::{self, Headers, ItemError, KeyHash, Location, MailRef};
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

/// Conversations as [`group`] returns them: every message once, each conversation's messages
/// next to each other, so the result costs the index itself plus 4 bytes per conversation.
/// Iterate with [`Groups::iter`] (slices) or by value (one `Vec` per conversation, each
/// allocated as it is reached).
#[derive(Debug, Default)]
pub struct Groups {
    mails: Vec<MailRef>,
    /// Where each conversation ends (exclusive) in `mails`.
    ends: Vec<u32>,
}

impl Groups {
    /// The number of conversations.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &[MailRef]> + '_ {
        self.ends.iter().enumerate().map(|(k, &end)| {
            let start = if k == 0 { 0 } else { self.ends[k - 1] };
            &self.mails[start as usize..end as usize]
        })
    }
}

impl IntoIterator for Groups {
    type Item = Vec<MailRef>;
    type IntoIter = IntoGroups;

    fn into_iter(self) -> IntoGroups {
        IntoGroups {
            mails: self.mails.into_iter(),
            ends: self.ends.into_iter(),
            start: 0,
        }
    }
}

/// [`Groups`] by value: one conversation at a time.
#[derive(Debug)]
pub struct IntoGroups {
    mails: std::vec::IntoIter<MailRef>,
    ends: std::vec::IntoIter<u32>,
    start: u32,
}

impl Iterator for IntoGroups {
    type Item = Vec<MailRef>;

    fn next(&mut self) -> Option<Vec<MailRef>> {
        let end = self.ends.next()?;
        let len = (end - self.start) as usize;
        self.start = end;
        Some(self.mails.by_ref().take(len).collect())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.ends.size_hint()
    }
}

impl ExactSizeIterator for IntoGroups {}

/// Groups mails into conversations.
///
/// Union-find over Message-ID, In-Reply-To and References (an id referenced but absent from
/// the input still links the messages that cite it). A message linked to nothing — no
/// In-Reply-To, no References, and not cited by any other message — falls back to the first
/// message with the same non-empty subject key and the same participants. Several copies of one
/// Message-ID (the same mail in two folders) are kept once, the first seen. Keys are compared
/// by their 64-bit hashes ([`source::key_hash`]).
///
/// Each group is sorted by date (missing dates last, otherwise input order). Groups come out
/// by their first message's date (missing last), then in input order (of each group's
/// earliest message in the input) — no message is read here.
pub fn group(mails: Vec<MailRef>) -> Groups {
    let mut mails = dedup_by_message_id(mails);
    let n = mails.len();
    let node = |i: usize| u32::try_from(i).expect("fewer than 2^32 messages and ids");
    let mut uf = UnionFind::new(n);
    {
        // Nodes 0..n are messages; ids that are only referenced get nodes after them.
        let mut id_node: HashMap<KeyHash, u32> = HashMap::with_capacity(n);
        for (i, mail) in mails.iter().enumerate() {
            if let Some(id) = mail.message_id {
                id_node.insert(id, node(i));
            }
        }
        let mut cited = vec![false; n];
        for (i, mail) in mails.iter().enumerate() {
            for id in mail.in_reply_to.iter().chain(&mail.references) {
                let target = *id_node.entry(*id).or_insert_with(|| uf.push()) as usize;
                if target < n && target != i {
                    cited[target] = true;
                }
                uf.union(i, target);
            }
        }
        drop(id_node);
        // Subject + participants fallback for messages that no id links to anything.
        // Sized once: no transient copies while it grows.
        let keyed = mails.iter().filter(|m| m.fallback.is_some()).count();
        let mut by_key: HashMap<KeyHash, u32> = HashMap::with_capacity(keyed);
        for (i, mail) in mails.iter().enumerate() {
            if let Some(key) = mail.fallback {
                by_key.entry(key).or_insert(node(i));
            }
        }
        for (i, mail) in mails.iter().enumerate() {
            let unlinked = mail.in_reply_to.is_empty() && mail.references.is_empty() && !cited[i];
            if !unlinked {
                continue;
            }
            if let Some(&first) = mail.fallback.and_then(|key| by_key.get(&key)) {
                uf.union(i, first as usize);
            }
        }
    }

    // A group's root is its earliest message in input order.
    let root: Vec<u32> = (0..n).map(|i| uf.find(i)).collect();
    drop(uf);
    let mut first_date: Vec<Option<i64>> = vec![None; n];
    for (mail, &r) in mails.iter().zip(&root) {
        let first = &mut first_date[r as usize];
        if date_order(mail.date, *first).is_lt() {
            *first = mail.date;
        }
    }
    let mut order: Vec<u32> = (0..node(n)).collect();
    order.sort_unstable_by(|&a, &b| {
        let (ra, rb) = (root[a as usize], root[b as usize]);
        date_order(first_date[ra as usize], first_date[rb as usize])
            .then(ra.cmp(&rb))
            .then_with(|| date_order(mails[a as usize].date, mails[b as usize].date))
            .then(a.cmp(&b))
    });
    drop(first_date);
    let mut ends = Vec::new();
    for (k, pair) in order.windows(2).enumerate() {
        if root[pair[0] as usize] != root[pair[1] as usize] {
            ends.push(node(k + 1));
        }
    }
    if n > 0 {
        ends.push(node(n));
    }
    drop(root);
    permute(&mut mails, order);
    ends.shrink_to_fit();
    Groups { mails, ends }
}

/// Reorders `items` in place so that `items[k]` becomes the old `items[order[k]]`.
fn permute<T>(items: &mut [T], mut order: Vec<u32>) {
    for start in 0..order.len() {
        // Each cycle of the permutation is walked once; a walked position points to itself.
        let mut k = start;
        loop {
            let from = order[k] as usize;
            order[k] = k as u32;
            if from == start || from == k {
                break;
            }
            items.swap(k, from);
            k = from;
        }
    }
}

fn dedup_by_message_id(mut mails: Vec<MailRef>) -> Vec<MailRef> {
    let mut seen = std::collections::HashSet::new();
    mails.retain(|m| m.message_id.is_none_or(|id| seen.insert(id)));
    mails
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

/// Message and id nodes are `u32`: the index of four billion messages would not fit in
/// memory anyway.
struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n)
                .map(|i| u32::try_from(i).expect("fewer than 2^32 messages"))
                .collect(),
        }
    }

    fn push(&mut self) -> u32 {
        let node = u32::try_from(self.parent.len()).expect("fewer than 2^32 messages and ids");
        self.parent.push(node);
        node
    }

    fn find(&mut self, x: usize) -> u32 {
        let mut x = x as u32;
        while self.parent[x as usize] != x {
            self.parent[x as usize] = self.parent[self.parent[x as usize] as usize];
            x = self.parent[x as usize];
        }
        x
    }

    /// The smaller root wins, so a group's root is its earliest message in input order.
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            self.parent[hi as usize] = lo;
        }
    }
}

/// The conversation's stable id. The root is the oldest message (the group sorted as
/// [`group`] returns it): the first id of its References when it has them (the conversation's
/// real root, even when that message is missing from the export), else its own Message-ID.
/// Without either: `sha256:` and 32 hex digits of the hash of the group's locations and the
/// root's subject key.
///
/// The ids are not in the index: the root's header block is read back ([`source::read_headers`]),
/// hence the `Err` when it cannot be.
pub fn thread_id(group: &[MailRef]) -> Result<String, ItemError> {
    let Some(root) = group.first() else {
        return Ok(hash_id(&[], ""));
    };
    let headers = source::read_headers(&root.location)?;
    Ok(id_of(group.iter(), &headers))
}

/// [`thread_id`] from the root's header fields.
fn id_of<'a>(group: impl Iterator<Item = &'a MailRef>, root: &Headers) -> String {
    if let Some(id) = root.references.first().or(root.message_id.as_ref()) {
        return id.clone();
    }
    let locations: Vec<String> = group.map(|m| location_key(&m.location)).collect();
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
    let is_rep = |from: Option<&str>| from.is_some_and(|address| reps.is_rep(address));
    // With rules, whether the rep wrote last takes only the newest message's header block.
    if !reps.is_empty()
        && is_rep(
            source::read_headers(&newest.location)?
                .from_address
                .as_deref(),
        )
    {
        return Ok(Built::AwaitingCustomer);
    }
    let bodies = sorted
        .iter()
        .map(|mail| read_body(mail))
        .collect::<Result<Vec<Body>, ItemError>>()?;
    let newest_from = bodies
        .last()
        .and_then(|b| b.headers.from_address.as_deref());
    let role_of = |from: Option<&str>| -> Role {
        let rep = if reps.is_empty() {
            from != newest_from
        } else {
            is_rep(from)
        };
        if rep {
            Role::Rep
        } else {
            Role::Customer
        }
    };
    let id = id_of(sorted.iter().copied(), &bodies[0].headers);
    let mut context = BTreeMap::new();
    if let Some(subject) = bodies.iter().find_map(|b| b.headers.subject.clone()) {
        context.insert("subject".to_string(), subject);
    }
    let messages = bodies
        .iter()
        .map(|body| Message {
            role: role_of(body.headers.from_address.as_deref()),
            from: body.headers.from_display.clone(),
            sent_at: body.sent_at.clone(),
            text: body.text.clone(),
        })
        .collect();
    Ok(Built::Thread(Thread {
        id: Some(id),
        messages,
        context,
    }))
}

struct Body {
    text: String,
    sent_at: Option<String>,
    headers: Headers,
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
        headers: Headers::from_message(&message),
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
        group(scan.mails).into_iter().collect()
    }

    /// Message-IDs, read back from the messages' headers.
    fn ids(group: &[MailRef]) -> Vec<String> {
        group
            .iter()
            .map(|m| {
                let headers = source::read_headers(&m.location).unwrap();
                headers.message_id.unwrap_or_else(|| "-".into())
            })
            .collect()
    }

    /// File stems: the names given to [`mail`] and [`eml`].
    fn names(group: &[MailRef]) -> Vec<String> {
        group
            .iter()
            .map(|m| {
                let stem = m.location.path().file_stem().unwrap();
                stem.to_string_lossy().into_owned()
            })
            .collect()
    }

    fn find<'a>(groups: &'a [Vec<MailRef>], id: &str) -> &'a [MailRef] {
        groups
            .iter()
            .find(|g| g.iter().any(|m| m.message_id == Some(source::key_hash(id))))
            .unwrap_or_else(|| panic!("no group with {id}"))
    }

    fn people(id: &str) -> Vec<String> {
        vec![format!("{id}@a.example"), "rep@vendor.example".into()]
    }

    fn hashes(ids: &[&str]) -> Box<[KeyHash]> {
        ids.iter().map(|id| source::key_hash(id)).collect()
    }

    /// An index entry for a file that does not exist: enough for [`group`], which reads nothing.
    fn mail(id: &str, date: Option<i64>) -> MailRef {
        MailRef {
            location: Location::File(PathBuf::from(format!("/x/{id}.eml")).into()),
            date,
            message_id: Some(source::key_hash(id)),
            in_reply_to: hashes(&[]),
            references: hashes(&[]),
            fallback: source::fallback_hash(&format!("subject of {id}"), &people(id)),
        }
    }

    /// Writes `dir/name.eml` with `headers` and a body, and scans it.
    fn eml(dir: &Path, name: &str, headers: &str) -> MailRef {
        let path = dir.join(format!("{name}.eml"));
        std::fs::write(&path, format!("{headers}\n\nHello from {name}.\n")).unwrap();
        let mut scan = source::scan(&[path]).unwrap();
        assert!(scan.errors.is_empty(), "{:?}", scan.errors);
        scan.mails.remove(0)
    }

    fn vendor() -> RepRules {
        RepRules {
            addresses: vec![],
            domains: vec!["vendor.example".into()],
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
        assert_eq!(
            thread_id(&groups[0]).unwrap(),
            "pricing-1@northwind.example"
        );
        for g in &groups {
            assert!(g.windows(2).all(|w| w[0].date <= w[1].date));
        }
    }

    #[test]
    fn subject_fallback_needs_same_participants_and_an_unlinked_message() {
        let pricing = |who: &str| source::fallback_hash("pricing", &people(who));
        let mut root = mail("r", Some(10));
        root.fallback = pricing("r");
        let mut same = mail("s", Some(20));
        same.fallback = pricing("r");
        let mut other_people = mail("o", Some(30));
        other_people.fallback = pricing("o");
        let mut linked_elsewhere = mail("l", Some(40));
        linked_elsewhere.fallback = pricing("r");
        linked_elsewhere.in_reply_to = hashes(&["unknown-parent"]);
        let mut no_subject = mail("n", Some(50));
        no_subject.fallback = None;
        let mut no_subject_either = mail("m", Some(60));
        no_subject_either.fallback = None;
        let groups = group(vec![
            root,
            same,
            other_people,
            linked_elsewhere,
            no_subject,
            no_subject_either,
        ]);
        let shape: Vec<Vec<String>> = groups.iter().map(names).collect();
        assert_eq!(
            shape,
            [vec!["r", "s"], vec!["o"], vec!["l"], vec!["n"], vec!["m"]]
        );
    }

    #[test]
    fn references_to_a_missing_root_still_link_and_name_the_thread() {
        let dir = tempfile::tempdir().unwrap();
        let a = eml(
            dir.path(),
            "a",
            "From: a@x.example\nMessage-ID: <a>\nReferences: <lost-root@x>\n\
             Date: Thu, 1 Jan 1970 00:01:40 +0000",
        );
        let b = eml(
            dir.path(),
            "b",
            "From: b@x.example\nMessage-ID: <b>\nReferences: <lost-root@x> <a>\n\
             Date: Thu, 1 Jan 1970 00:00:50 +0000",
        );
        assert_eq!((a.date, b.date), (Some(100), Some(50)));
        let groups: Vec<Vec<MailRef>> = group(vec![a, b]).into_iter().collect();
        assert_eq!(groups.len(), 1);
        // Sorted by date, even against the reply chain.
        assert_eq!(names(&groups[0]), ["b", "a"]);
        assert_eq!(thread_id(&groups[0]).unwrap(), "lost-root@x");
        // Without References, the root's own Message-ID.
        let c = eml(dir.path(), "c", "From: c@x.example\nMessage-ID: <c@x>");
        assert_eq!(thread_id(&[c]).unwrap(), "c@x");
    }

    #[test]
    fn dates_order_messages_missing_dates_last_and_groups_deterministically() {
        let mut a = mail("a", None);
        a.in_reply_to = hashes(&["c"]);
        let mut b = mail("b", Some(300));
        b.in_reply_to = hashes(&["c"]);
        let c = mail("c", Some(200));
        let d = mail("d", Some(100));
        let e = mail("e", None);
        let dup = mail("d", Some(100));
        // Same first date as d: after it, in input order.
        let f = mail("f", Some(100));
        let g = mail("g", None);
        let groups = group(vec![a, b, c, d, e, dup, f, g]);
        assert_eq!(groups.len(), 5);
        let shape: Vec<Vec<String>> = groups.iter().map(names).collect();
        assert_eq!(
            shape,
            [
                vec!["d"],
                vec!["f"],
                vec!["c", "b", "a"],
                vec!["e"],
                vec!["g"]
            ]
        );
        // By value, the same conversations.
        let owned: Vec<Vec<String>> = groups.into_iter().map(|g| names(&g)).collect();
        assert_eq!(owned, shape);
        assert!(group(Vec::new()).is_empty());
    }

    #[test]
    fn permuting_in_place() {
        let mut items = vec!['a', 'b', 'c', 'd', 'e', 'f'];
        permute(&mut items, vec![2, 0, 1, 3, 5, 4]);
        assert_eq!(items, ['c', 'a', 'b', 'd', 'f', 'e']);
        let mut items: Vec<u32> = (0..100).collect();
        let order: Vec<u32> = (0..100).map(|i| (i * 37 + 11) % 100).collect();
        permute(&mut items, order.clone());
        assert_eq!(items, order);
    }

    #[test]
    fn thread_id_without_message_ids_is_a_stable_hash() {
        let dir = tempfile::tempdir().unwrap();
        let headers = "From: a@x.example\nSubject: Re: Hello";
        let a = eml(dir.path(), "a", headers);
        assert_eq!(a.message_id, None);
        let id = thread_id(std::slice::from_ref(&a)).unwrap();
        assert!(id.starts_with("sha256:") && id.len() == 7 + 32, "{id}");
        assert_eq!(id, thread_id(std::slice::from_ref(&a)).unwrap());
        // The same hash as before the index kept only hashes: resumed runs find their ids.
        let path = dir.path().join("a.eml");
        assert_eq!(id, hash_id(&[format!("file:{}", path.display())], "hello"));
        let mbox = dir.path().join("box.mbox");
        std::fs::write(
            &mbox,
            format!("From a Mon Mar  2 09:00:00 2026\n{headers}\n\nHello.\n"),
        )
        .unwrap();
        let b = source::scan(&[mbox]).unwrap().mails.remove(0);
        assert_ne!(id, thread_id(&[b]).unwrap());
        // A root that cannot be read back is an item error.
        std::fs::remove_file(&path).unwrap();
        let err = thread_id(&[a]).unwrap_err();
        assert!(err.source.ends_with("a.eml"), "{err}");
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
        assert_eq!(
            source::read_headers(&devis[1].location)
                .unwrap()
                .subject_key,
            "devis pour la saison d'\u{e9}t\u{e9}"
        );
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
        let groups: Vec<Vec<MailRef>> = group(scan.mails).into_iter().collect();
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
