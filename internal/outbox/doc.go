// Package outbox stores every email the system sends in the database, in the
// transaction of the change that causes it (Enqueue), and delivers it later
// with a Worker: over SMTP in production, or as .eml files in the data folder
// in the demo. A rolled-back change therefore sends nothing, and a crash
// loses nothing that was committed.
//
// # Claiming
//
// A worker claims a batch of due messages with one UPDATE that marks them
// "sending", counts the attempt and gives the worker a lease. On PostgreSQL
// the rows are picked with FOR UPDATE SKIP LOCKED, so instances sharing the
// database never claim the same message; on SQLite the single writer
// serialises claims. The attempt number doubles as the claim's token: a
// worker whose lease lapsed and whose message another worker took over
// finds its later updates matching no row, and stops.
//
// # A dead worker's claims
//
// Each worker has an ID (one per "savivalda serve" instance, the same
// after a restart) and records a heartbeat in outbox_workers every few
// seconds; each claim carries the claiming worker's ID. A claim is
// abandoned, and treated as below, when its worker's heartbeat is older
// than StaleAfter (a minute), when a worker with the same ID starts again
// (the instance restarted: its first round takes its old claims over), or,
// whatever the heartbeat says, when the claim's lease lapses (a delivery
// that hangs). Taking over early never risks a duplicate: the attempt token
// keeps a worker that was only slow from committing what was taken from it.
//
// # No duplicate after a crash
//
// SMTP has one moment at which a message becomes the server's
// responsibility: the reply to the final "." after DATA. Until the server
// has the ".", it discards what it received when the connection drops. So
// the worker writes the whole message, then records committed_at in its own
// transaction, and only then sends the "."; after the server's reply it
// records "sent". A message found "sending" with an abandoned claim (its
// worker died) is:
//
//   - without committed_at: resent. The server never got the ".", so it kept
//     nothing.
//   - with committed_at: marked "sent" and not resent, with a note that
//     delivery was not confirmed, which administrators see on the outbox
//     page.
//
// The second case is ambiguous only if the process dies in the instant
// between recording committed_at and the server's reply. Choosing "not
// resent" there means such a message is at most once and flagged, never
// twice unannounced. The same rule covers a connection that breaks after
// committed_at: no SMTP reply means no certainty, so no resend. A reply that
// refuses the message clears committed_at and follows the retry rules.
//
// File delivery needs none of this: the file is written under a temporary
// name and renamed to one fixed by the message, so writing it again after a
// crash replaces the same file.
//
// # Retries
//
// A temporary failure (a 4xx reply, a network error) is retried after 1 min,
// 5 min, 30 min, 2 h and 6 h; after MaxAttempts attempts, or at once on a
// permanent refusal (a 5xx reply), the message is "failed". Administrators
// see failed messages on /admin/outbox and can put one back in the queue
// (Retry), which is audited.
package outbox
