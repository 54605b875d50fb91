-- Who started a connection application (issue 9): the customer (counter, phone, portal) or the
-- company itself (a 销户 case of the six-months-without-use finder). The document checklist can state,
-- per entry, the kinds and initiators it applies to or excludes (policy `documents.checklist`,
-- docs/connections.md "Documents"). Owner: src/modules/connections.
ALTER TABLE connection_applications
  ADD COLUMN initiator text NOT NULL DEFAULT 'customer' CHECK (initiator IN ('customer', 'company'));

-- closure applications received from a 销户 case were the company's
UPDATE connection_applications a SET initiator = 'company'
  FROM connection_closure_cases k WHERE k.application_id = a.id;

-- A database whose current policy still has the shipped checklist gets a new policy version with the
-- new default checklist (a company-initiated 销户 asks the customer nothing; 更名 / 过户 ask the new
-- holder's documents). A checklist the company edited is left alone; applications keep the version
-- they were received under. A fresh database has no policy yet (the default is written at start).
INSERT INTO connection_policies (version, data, note)
SELECT p.version + 1,
       jsonb_set(p.data, '{documents,checklist}', '[{"when":{"classes":["residential"],"notKinds":["rename","transfer"],"notInitiators":["company"]},"items":["id_card","property_proof"]},{"when":{"classes":["lv_nonresidential"],"notKinds":["rename","transfer"],"notInitiators":["company"]},"items":["business_licence","legal_person_id","property_proof"]},{"when":{"minVoltageKv":10,"legalEntity":true,"kinds":["new","increase"]},"items":["business_licence","legal_person_id","project_approval","site_plan","equipment_list","substation_design","capacity_plan"]},{"when":{"minVoltageKv":10,"legalEntity":true,"highEnergy":true,"kinds":["new","increase"]},"items":["environmental_assessment","production_permit"]},{"when":{"minVoltageKv":10,"legalEntity":true,"kinds":["relocation","temporary_removal","pause","pause_end","reduction","reduction_end","meter_relocation","use_class_change","closure"],"notInitiators":["company"]},"items":["business_licence","legal_person_id"]},{"when":{"kinds":["rename","transfer"],"legalEntity":false},"items":["new_owner_id","property_proof","change_proof"]},{"when":{"kinds":["rename","transfer"],"legalEntity":true},"items":["new_owner_licence","legal_person_id","property_proof","change_proof"]}]'::jsonb),
       '按发起方与申请类型区分的资料清单（迁移 422）/ checklist by initiator and kind (migration 422)'
  FROM (SELECT version, data FROM connection_policies ORDER BY version DESC LIMIT 1) p
 WHERE p.data #> '{documents,checklist}' = '[{"when":{"classes":["residential"]},"items":["id_card","property_proof"]},{"when":{"classes":["lv_nonresidential"]},"items":["business_licence","legal_person_id","property_proof"]},{"when":{"minVoltageKv":10,"legalEntity":true,"kinds":["new","increase"]},"items":["business_licence","legal_person_id","project_approval","site_plan","equipment_list","substation_design","capacity_plan"]},{"when":{"minVoltageKv":10,"legalEntity":true,"highEnergy":true,"kinds":["new","increase"]},"items":["environmental_assessment","production_permit"]},{"when":{"minVoltageKv":10,"legalEntity":true,"kinds":["rename","transfer","relocation","temporary_removal","pause","pause_end","reduction","reduction_end","meter_relocation","use_class_change"]},"items":["business_licence","legal_person_id"]}]'::jsonb;
