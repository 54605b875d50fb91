-- Published read view of the connections module (owner modules/connections, declared in PUBLISHED_VIEWS of
-- src/modules/table-owners.ts): the dated pause (暂停) / capacity reduction (减容) periods and their ends
-- recorded when such an application is carried out (advance-stage.ts). The bill run reads it to prorate
-- the basic charge of two-part accounts by days (docs/billing.md §3, §21); billing cannot import the
-- connections module (connections reads billing), so it reads this view in its own statement.
CREATE VIEW pub_connection_capacity_events AS
  SELECT id, application_id, service_point_id, kind, starts_on, ends_on, kva FROM connection_capacity_events;
