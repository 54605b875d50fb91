-- Published read views: the columns an owning module lets other modules read.
--
-- A table has one owner (src/modules/table-owners.ts). Where another module must join the owner's
-- rows in one statement (a hot path: grouping a storm, the work-order intake, a scorecard), it reads
-- the owner's published view `pub_<table>` instead of the table. The view names the columns that
-- are the contract; the owner may add, rename or drop any other column without breaking a reader,
-- and a reader can never see what is not published (no password hashes, no identity numbers).
-- PostgreSQL inlines these simple views, so a join through them plans exactly like a join on the
-- table. Declared with their owners in PUBLISHED_VIEWS (table-owners.ts); the dependency test checks
-- that each reads only its owner's table and that nobody writes through one.
--
-- Numbered here, after 308, because crews' and outages' columns exist only from the 3xx migrations.

-- orgs
CREATE VIEW pub_org_units AS
  SELECT id, parent_id, path, level, code, name, name_en, area_type, active FROM org_units;

-- identity: staff and their contact channels; never password, lockout or session columns
CREATE VIEW pub_users AS
  SELECT id, display_name, role, org_unit_id, phone, email, active FROM users;

-- network
CREATE VIEW pub_network_devices AS
  SELECT id, kind, code, name, parent_id, org_unit_id, lon, lat, voltage_kv, rated_kva FROM network_devices;

-- customers: no identity number
CREATE VIEW pub_customers AS
  SELECT id, org_unit_id, name, kind, phone, email FROM customers;
CREATE VIEW pub_customer_accounts AS
  SELECT id, customer_id, org_unit_id, account_no, status FROM customer_accounts;
CREATE VIEW pub_service_points AS
  SELECT id, account_id, customer_id, org_unit_id, address, lon, lat, customer_class, contracted_kva, supply_voltage_kv,
         important, transformer_id
    FROM service_points;

-- crews
CREATE VIEW pub_crews AS
  SELECT id, org_unit_id, name, skills, status, phone, lon, lat, position_at, active FROM crews;

-- outages: what crews and reliability read
CREATE VIEW pub_outages AS
  SELECT id, outage_no, status, device_id, org_unit_id, crew_id, assigned_at, accepted_at FROM outages;
CREATE VIEW pub_outage_crew_declines AS
  SELECT id, outage_id, crew_id, user_id, at, reason FROM outage_crew_declines;
CREATE VIEW pub_outage_customers AS
  SELECT outage_id, service_point_id, customer_id, org_unit_id, feeder_id, important, interruption_start, interruption_end,
         cause_class, counted
    FROM outage_customers;
CREATE VIEW pub_outage_policies AS
  SELECT name, version, valid_from, data FROM outage_policies;

-- work orders: what an outage's unplaced-call list shows of the order a call came with
CREATE VIEW pub_work_orders AS
  SELECT id, order_no, status, org_unit_id, address, location_text FROM work_orders;
