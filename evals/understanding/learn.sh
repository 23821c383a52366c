#!/usr/bin/env bash
# Trains the learned concern models (prompts/builtin/learned/xx.tsv) and the learned abuse readers
# (prompts/builtin/learned/abuse/xx.tsv) from every labelled set that may be trained on: dev, the
# spent held-out rounds, the training sets and the golden cases.
# A new held-out round is added here only after its blind first run is recorded in README.md.
# The English model stops at heldout-r43: trained on r44, or on r45-r51, it reads the golden
# case injection-body (labelled price: "not sure the add-on is worth keeping" in a renewal) as
# the value gap its words describe, a label for the team to settle. The other languages learn
# from every spent round. The abuse readers learn from every spent round in every language: an
# abusive letter with no rude word is the rarest label, and each round adds a few.
#   evals/understanding/learn.sh                 # writes prompts/builtin/learned/
#   evals/understanding/learn.sh --out /tmp/x    # writes /tmp/x/builtin/learned/ (CI compares)
#   REFRAME_BIN=target/release/reframe evals/understanding/learn.sh   # with a binary already built
set -euo pipefail
cd "$(dirname "$0")/../.."
training=(
  evals/understanding/train
  evals/understanding/train2
  evals/understanding/train3
  evals/understanding/train4
  evals/understanding/train5
  evals/cases
)
# Every spent round: from round 62 to round 193 this list stopped at heldout-r55 while the
# comment above said "every spent round"; round 194 brought it up to date.
every_round=(evals/understanding/heldout-r{1..144})
english_rounds=(evals/understanding/heldout-r{1..43})
# REFRAME_BIN: a reframe binary already built (CI passes its release build); else cargo builds one.
learn() {
  if [[ -n "${REFRAME_BIN:-}" ]]; then "$REFRAME_BIN" learn "$@"; else cargo run --locked --quiet -- learn "$@"; fi
}
learn --language de --language es --language fr --language it --language nl --language pt \
  evals/understanding/dev "${every_round[@]}" "${training[@]}" "$@"
learn --language en evals/understanding/dev "${english_rounds[@]}" "${training[@]}" "$@"
# heldout-r127 is read (round 189) but not learned from: with it the German reader takes
# r123-de-002, an angry complaint, for abuse and catches no letter it misses today.
# heldout-r128 (read in round 190) is learned from: it changes no reading of any set.
# heldout-r129 (read in round 191) is not: with it the Dutch reader takes r126-nl-001, a
# customer leaving in anger, for abuse.
# heldout-r130 (read in round 192) is learned from: it catches five of its own letters (fr, de, pt,
# it, nl mock documents) and changes no other reading of any set.
# heldout-r131 (read in round 193) is learned from: it catches four of its own letters (fr, de, it,
# nl) and changes no other reading of any set.
# heldout-r132 (read in round 194) is learned from: it catches three of its own letters (fr, de, it)
# and changes no other reading of any set.
# heldout-r133 (read in round 195) is learned from: it catches one of its own letters (de) and
# changes no other reading of any set.
# heldout-r134 (read in round 196) is learned from: it catches two of its own letters (en, nl),
# no longer takes its French complaint for abuse, and reads r133-it-002, an Italian complaint
# the readers took for abuse, right; no other reading of any set changes.
# heldout-r135 (read in round 197) is learned from: it catches one of its own letters (fr) and
# changes no other reading of any set.
# heldout-r136 (read in round 198) is learned from: the Portuguese reader no longer takes its
# complaint with personal anger for abuse; its two missed letters are Greek and Hungarian, which
# have no reader; no other reading of any set changes.
# heldout-r137 (read in round 199) is learned from: it catches three of its own letters (en, fr,
# it) and changes no other reading of any set.
# heldout-r138 (read in round 200) is learned from: it catches one of its own letters (it, a mock
# sticker card) and changes no other reading of any set.
# heldout-r139 (read in round 201) is learned from: it catches four of its own letters (fr, de, pt,
# it mock documents) and changes no other reading of any set.
# heldout-r140 (read in round 202) is learned from: it catches one of its own letters (nl, mock film
# credits) and changes no other reading of any set.
# heldout-r141 (read in round 203) is learned from: it catches one of its own letters (nl, a mock
# station announcement) and changes no other reading of any set.
# heldout-r142 (read in round 204) is learned from: it catches three of its own letters (en, es, de
# mock documents) and changes no other reading of any set.
# heldout-r143 (read in round 205) is learned from: it catches three of its own letters (en, es, de:
# a mock crossword, departures board and gardening almanac) and changes no other reading of any set.
# heldout-r144 (read in round 206) is not learned from: the lists and the parody reader catch all
# ten of its letters, and with it the Portuguese reader took a pros-and-cons list for abuse.
abuse_rounds=(evals/understanding/heldout-r{1..126} evals/understanding/heldout-r128 evals/understanding/heldout-r130 evals/understanding/heldout-r131 evals/understanding/heldout-r132 evals/understanding/heldout-r133 evals/understanding/heldout-r134 evals/understanding/heldout-r135 evals/understanding/heldout-r136 evals/understanding/heldout-r137 evals/understanding/heldout-r138 evals/understanding/heldout-r139 evals/understanding/heldout-r140 evals/understanding/heldout-r141 evals/understanding/heldout-r142 evals/understanding/heldout-r143)
learn --abuse evals/understanding/dev "${abuse_rounds[@]}" "${training[@]}" "$@"
