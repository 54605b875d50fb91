/**
 * Worked examples of the document checklist by application kind and initiator (docs/connections.md,
 * "Documents"): an entry states the kinds and initiators (customer / company) it applies to or
 * excludes; the default asks nothing of the customer for a company-initiated 销户, and the new
 * holder's documents for 更名 / 过户; a policy an administrator saves is checked entry by entry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { migrationsDir } from '../../db/migrate.js';
import { entryApplies, requiredDocuments, type ChecklistFacts } from './document-rules.js';
import { DEFAULT_CHECKLIST, DEFAULT_CONNECTION_POLICY as P, type ChecklistEntry } from './policy.js';
import { checklistProblems, policyProblems } from './policy-rules.js';

const residential: ChecklistFacts = {
  kind: 'new',
  customerClass: 'residential',
  voltageKv: 0.22,
  legalEntity: false,
  highEnergy: false,
  initiator: 'customer',
};
const hvFirm: ChecklistFacts = { kind: 'new', customerClass: 'hv_single', voltageKv: 10, legalEntity: true, highEnergy: false, initiator: 'customer' };
const need = (f: Partial<ChecklistFacts>, base = residential) => requiredDocuments({ ...base, ...f }, P.documents.checklist);

test('an entry applies to the kinds and initiators it lists, and not to those it excludes', () => {
  const e = (when: ChecklistEntry['when']): ChecklistEntry => ({ when, items: ['id_card'] });
  assert.equal(entryApplies(e({}), residential), true, 'no condition: every application');
  assert.equal(entryApplies(e({ kinds: ['closure'] }), residential), false);
  assert.equal(entryApplies(e({ kinds: ['closure'] }), { ...residential, kind: 'closure' }), true);
  assert.equal(entryApplies(e({ notKinds: ['rename', 'transfer'] }), { ...residential, kind: 'transfer' }), false);
  assert.equal(entryApplies(e({ notKinds: ['rename', 'transfer'] }), { ...residential, kind: 'closure' }), true);
  assert.equal(entryApplies(e({ initiators: ['company'] }), residential), false);
  assert.equal(entryApplies(e({ initiators: ['company'] }), { ...residential, initiator: 'company' }), true);
  assert.equal(entryApplies(e({ notInitiators: ['company'] }), { ...residential, initiator: 'company' }), false);
  assert.equal(entryApplies(e({ notInitiators: ['company'] }), residential), true);
  // conditions combine: a residential closure the customer asked for
  const both = e({ classes: ['residential'], kinds: ['closure'], notInitiators: ['company'] });
  assert.equal(entryApplies(both, { ...residential, kind: 'closure' }), true);
  assert.equal(entryApplies(both, { ...residential, kind: 'closure', initiator: 'company' }), false);
  assert.equal(entryApplies(both, { ...residential, kind: 'closure', customerClass: 'lv_nonresidential' }), false);
});

test('the default checklist: a company-initiated 销户 asks nothing of the customer; 更名 / 过户 ask the new holder', () => {
  // a customer's own applications keep the class checklist
  assert.deepEqual(need({}), ['id_card', 'property_proof']);
  assert.deepEqual(need({ kind: 'closure' }), ['id_card', 'property_proof'], 'a customer asking for 销户 shows their ID');
  // the finder's 销户 case: no ID card, no property proof asked of a customer who is not there
  assert.deepEqual(need({ kind: 'closure', initiator: 'company' }), []);
  assert.deepEqual(need({ kind: 'closure', initiator: 'company', customerClass: 'lv_nonresidential', voltageKv: 0.4, legalEntity: true }), []);
  assert.deepEqual(need({ kind: 'closure', initiator: 'company' }, hvFirm), []);
  assert.deepEqual(need({ kind: 'closure' }, hvFirm), ['business_licence', 'legal_person_id'], 'an HV firm closing its own account');
  // a change of holder: the new holder's documents (the applicant is the new holder), never the old ID list
  assert.deepEqual(need({ kind: 'transfer' }), ['new_owner_id', 'property_proof', 'change_proof']);
  assert.deepEqual(need({ kind: 'rename' }), ['new_owner_id', 'property_proof', 'change_proof']);
  assert.deepEqual(need({ kind: 'transfer', customerClass: 'lv_nonresidential', voltageKv: 0.4, legalEntity: true }), [
    'new_owner_licence',
    'legal_person_id',
    'property_proof',
    'change_proof',
  ]);
  assert.deepEqual(need({ kind: 'rename' }, hvFirm), ['new_owner_licence', 'legal_person_id', 'property_proof', 'change_proof']);
  // other change services unchanged
  assert.deepEqual(need({ kind: 'relocation' }), ['id_card', 'property_proof']);
  assert.deepEqual(need({ kind: 'pause' }, hvFirm), ['business_licence', 'legal_person_id']);
  assert.deepEqual(need({}, hvFirm), [
    'business_licence',
    'legal_person_id',
    'project_approval',
    'site_plan',
    'equipment_list',
    'substation_design',
    'capacity_plan',
  ]);
});

test('migration 422 writes the same default checklist for databases still on the shipped one', () => {
  const sql = fs.readFileSync(path.join(migrationsDir, '422_connection_initiator.sql'), 'utf8');
  const lists = [...sql.matchAll(/'(\[\{"when".*?\}\])'::jsonb/g)].map((m) => JSON.parse(m[1]));
  assert.equal(lists.length, 2, 'the new checklist, then the shipped one it replaces');
  assert.deepEqual(lists[0], DEFAULT_CHECKLIST);
  assert.notDeepEqual(lists[1], DEFAULT_CHECKLIST);
});

test('a checklist an administrator saves is checked entry by entry, each problem naming its field', () => {
  assert.deepEqual(checklistProblems(DEFAULT_CHECKLIST), []);
  const bad = [
    { when: { kinds: ['closure'], notInitiator: ['company'] }, items: ['id_card'] },
    { when: { initiators: ['company', 'neighbour'], kinds: ['closure'], notKinds: ['closure'] }, items: [] },
    { when: { classes: ['residential'], legalEntity: 'no' }, items: ['passport'] },
    'id_card',
  ];
  assert.deepEqual(
    checklistProblems(bad).map((p) => [p.field, p.rule]),
    [
      ['documents.checklist.0.when.notInitiator', 'unknown_condition'],
      ['documents.checklist.1.items', 'document_kind'],
      ['documents.checklist.1.when.initiators', 'known_value'],
      ['documents.checklist.1.when.notKinds', 'contradiction'],
      ['documents.checklist.2.items', 'document_kind'],
      ['documents.checklist.2.when.legalEntity', 'boolean'],
      ['documents.checklist.3', 'object'],
    ],
  );
  const doc = JSON.parse(JSON.stringify(P));
  doc.documents.checklist[0].when.notInitiators = ['someone'];
  assert.deepEqual(
    policyProblems(doc).map((p) => [p.field, p.rule]),
    [['documents.checklist.0.when.notInitiators', 'known_value']],
  );
});
