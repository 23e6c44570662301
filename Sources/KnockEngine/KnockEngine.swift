// The local Knock engine lives here; see docs/architecture.md.
