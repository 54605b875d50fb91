-- Every change that can alter who a session's holder is, or end a session, notifies the app
-- instances on channel griddesk_auth_changed when it commits; each instance then forgets its
-- cached session principals (src/modules/identity/session-cache.ts). Statement-level triggers:
-- whatever the path (the app, the CLI, a restore, psql), the caches hear of it.
CREATE FUNCTION griddesk_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('griddesk_auth_changed', TG_TABLE_NAME);
  RETURN NULL;
END $$;

CREATE TRIGGER sessions_auth_changed AFTER DELETE OR UPDATE OR TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION griddesk_auth_changed();
CREATE TRIGGER users_auth_changed AFTER DELETE OR TRUNCATE OR UPDATE OF role, org_unit_id, active, display_name, customer_id, password_hash ON users
  FOR EACH STATEMENT EXECUTE FUNCTION griddesk_auth_changed();
CREATE TRIGGER org_units_auth_changed AFTER DELETE OR TRUNCATE OR UPDATE OF path ON org_units
  FOR EACH STATEMENT EXECUTE FUNCTION griddesk_auth_changed();
