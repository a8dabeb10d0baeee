-- Staff accounts and token lifetimes (docs/SECURITY.md).
-- A person signs in with username and password (SessionService.Login); the
-- password is stored only as a libsodium crypto_pwhash_str string (Argon2id,
-- with its salt and cost parameters inside). Times are unix micros.
CREATE TABLE staff_accounts (
  username         TEXT PRIMARY KEY,
  principal_id     TEXT NOT NULL UNIQUE,          -- staff:<username>
  display_name     TEXT NOT NULL,
  password_hash    TEXT NOT NULL,
  role             TEXT NOT NULL,
  scopes_json      TEXT NOT NULL,                 -- {"stores":[...],"nodes":[...],"regions":[...],"channels":[...]}
  disabled         INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  failed_attempts  INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_until     INTEGER,                       -- NULL: not locked
  last_login_at    INTEGER,
  version          INTEGER NOT NULL DEFAULT 1,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
) WITHOUT ROWID;

-- Every bearer token, stored only as its SHA-256:
--   demo     the fixed tokens of resources/demo/staff.json (never expire)
--   access   a staff sign-in's short-lived token
--   refresh  exchanged once (SessionService.Refresh) for a new pair
--   service  a channel's or integration's credential (AdminService), with a
--            public token_id, a name and a description
-- A token works while revoked_at is NULL, expires_at is NULL or in the
-- future, and (for staff) the account is not disabled.
ALTER TABLE api_tokens ADD COLUMN kind TEXT NOT NULL DEFAULT 'demo'
  CHECK (kind IN ('demo', 'access', 'refresh', 'service'));
ALTER TABLE api_tokens ADD COLUMN token_id TEXT;
ALTER TABLE api_tokens ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN scopes_json TEXT NOT NULL
  DEFAULT '{"stores":["*"],"nodes":["*"],"regions":["*"],"channels":["*"]}';
ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER;
ALTER TABLE api_tokens ADD COLUMN revoked_at INTEGER;
ALTER TABLE api_tokens ADD COLUMN created_by TEXT NOT NULL DEFAULT '';

CREATE UNIQUE INDEX api_tokens_by_id ON api_tokens (token_id) WHERE token_id IS NOT NULL;
CREATE INDEX api_tokens_by_principal ON api_tokens (principal_id, kind);
