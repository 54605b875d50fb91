/**
 * Every audited action, with the entity it is about: the audit log's vocabulary as a type, so an
 * action cannot be misspelt or filed under the wrong entity. Families whose last word is a
 * lifecycle step (`workorder.<action>`, `outage.<step>`, `planned.<step>`) take their step names
 * from the module's own action lists. New modules add their actions here.
 */
export type AuditEvent =
  // identity and organisation
  | { action: 'user.create' | 'user.update' | 'user.login' | 'user.logout' | 'user.locked' | 'user.login_failed' | 'user.password_changed'; entity: 'user' }
  | { action: 'token.create' | 'token.revoke'; entity: 'api_token' }
  | { action: 'org.create' | 'org.update'; entity: 'org_unit' }
  | { action: 'territory.update'; entity: 'service_territory' }
  | { action: 'seed'; entity: 'territory' }
  // customers and network
  | { action: 'customer.update' | 'customer.pii_read' | 'customer.notification_prefs'; entity: 'customer' }
  | { action: 'network.import'; entity: 'network' }
  // calendar, SLA, service desk settings
  | { action: 'calendar.replace_year'; entity: 'calendar' }
  | { action: 'sla.policy_create' | 'sla.policy_update'; entity: 'sla_policy' }
  | { action: 'sla.settings_update'; entity: 'sla_settings' }
  | { action: 'workorder.settings_update'; entity: 'workorder_settings' }
  | { action: 'webhook.create' | 'webhook.deactivate'; entity: 'webhook_endpoint' }
  // work orders and knowledge
  | { action: `workorder.${string}`; entity: 'work_order' }
  | { action: 'knowledge.create' | 'knowledge.update'; entity: 'knowledge_article' }
  // outages, repair, crews
  | { action: `outage.${string}`; entity: 'outage' }
  | { action: 'outage_call.receive' | 'outage_call.place'; entity: 'outage_call' }
  | { action: 'outage_call.group'; entity: 'outage_calls' }
  | { action: 'outage_policy.update'; entity: 'outage_policy' }
  | { action: `planned.${string}`; entity: 'planned_outage' }
  | { action: 'repeat_fault.acknowledge'; entity: 'repeat_fault_flag' }
  | { action: 'crew.create' | 'crew.update' | 'crew.shift' | 'crew.position' | 'crew.position_rejected'; entity: 'crew' }
  // billing
  | { action: 'tariff.create'; entity: 'tariff_version' }
  | { action: 'billing.settings_update'; entity: 'billing_settings' }
  // service-quality analytics
  | { action: 'analytics.import' | 'analytics.follow'; entity: 'call_import' }
  | { action: 'analytics.call_link'; entity: 'call_link' }
  | { action: 'analytics.settings_update'; entity: 'analytics_settings' }
  // connection applications (业扩报装) and large customers
  | { action: `connection.${string}`; entity: 'connection_application' }
  | { action: 'connection_policy.update'; entity: 'connection_policy' }
  | { action: 'closure.propose' | 'closure.notice' | 'closure.apply' | 'closure.cancel' | 'closure.done'; entity: 'closure_case' }
  | { action: 'inspection.plan' | 'inspection.result' | 'inspection.rectified'; entity: 'large_customer_inspection' }
  | { action: 'reading.import'; entity: 'reading_import' }
  | { action: 'reading.exception_accept' | 'reading.exception_dispute'; entity: 'reading_exception' }
  | { action: 'billrun.start' | 'billrun.retry' | 'billrun.review' | 'billrun.release'; entity: 'bill_run' }
  | { action: 'bill.rebill'; entity: 'bill' }
  // split settlement (分次结算): the agreement of an account, an interim bill issued
  | { action: 'billing.split_agreement'; entity: 'split_settlement_agreement' }
  | { action: 'bill.interim'; entity: 'bill' }
  // the daily pass of the interim bill schedule (one record per day it ran)
  | { action: 'billing.interim_pass'; entity: 'interim_bill_pass' }
  // billing parameters (计费参数) of an account, and a pause / reduction entered in billing
  | { action: 'billing.params_set'; entity: 'billing_parameters' }
  | { action: 'billing.capacity_event'; entity: 'billing_capacity_event' }
  | { action: 'reading_route.create'; entity: 'reading_route' }
  // ledger (会计核算)
  | { action: 'ledger.account_create'; entity: 'ledger_account' }
  | { action: 'ledger.entry_post' | 'ledger.entry_reverse'; entity: 'ledger_entry' }
  | { action: 'ledger.period_close'; entity: 'ledger_period' }
  // satisfaction measurement and improvement plans (issue 12)
  | { action: 'satisfaction.settings_update'; entity: 'satisfaction_settings' }
  | { action: 'satisfaction.ivr_import'; entity: 'ivr_import' }
  | { action: 'satisfaction.end_of_call'; entity: 'satisfaction_response' }
  | { action: 'survey.create' | 'survey.update' | 'survey.publish' | 'survey.retire' | 'survey.invite'; entity: 'survey' }
  | { action: 'survey.answer'; entity: 'survey_invitation' }
  | { action: 'pdca.create' | 'pdca.action_add' | 'pdca.action_done' | 'pdca.move' | 'pdca.measure'; entity: 'improvement_plan' }
  // benchmarking scorecards (同业对标) and supervision
  | { action: 'scorecard.compute'; entity: 'scorecard_run' }
  | { action: 'scorecard.scheme_create'; entity: 'scorecard_scheme' }
  | { action: 'scorecard.voltage_import'; entity: 'scorecard_voltage_import' }
  | { action: 'supervision.checklist_create'; entity: 'scorecard_checklist' }
  | { action: 'supervision.inspect'; entity: 'scorecard_inspection' }
  // billing documents: e-bill notices queued (per run, or per rebill)
  | { action: 'bill.notice'; entity: 'bill_run' | 'bill' }
  // payments (收费)
  | { action: 'payment.take' | 'payment.reverse' | 'bill_credit.apply' | 'bill_credit.reverse' | 'account_credit.apply'; entity: 'payment' }
  | { action: 'payment_request.create' | 'payment_request.approve' | 'payment_request.reject'; entity: 'payment_request' }
  | { action: 'cashier.close'; entity: 'cashier_close' }
  | { action: 'online_order.create' | 'online_order.paid'; entity: 'online_order' }
  | { action: 'withholding.mandate'; entity: 'withholding_mandate' }
  | { action: 'withholding.export' | 'withholding.settle'; entity: 'withholding_batch' }
  | { action: 'withholding.import' | 'withholding.apply'; entity: 'withholding_import' }
  | { action: 'cash_deposit.record' | 'cash_deposit.approve' | 'cash_deposit.reject'; entity: 'cash_deposit' }
  | { action: 'gateway_statement.import'; entity: 'gateway_statement' }
  | { action: 'gateway_statement.resolve'; entity: 'gateway_statement_line' }
  | { action: 'gateway_statement.credit'; entity: 'gateway_statement_line' }
  | { action: 'gateway_statement.fetch_failed'; entity: 'gateway_statement_fetch' }
  | { action: 'card_settlement.import'; entity: 'card_settlement_import' }
  | { action: 'gateway_exception.clear_request' | 'gateway_exception.clear_approve' | 'gateway_exception.clear_reject'; entity: 'gateway_exception_clearance' }
  // collection (违约金减免, 催费, 分期)
  | { action: 'late_fee_waiver.request' | 'late_fee_waiver.approve' | 'late_fee_waiver.reject'; entity: 'late_fee_waiver' }
  | {
      action: 'bad_debt_write_off.request' | 'bad_debt_write_off.approve' | 'bad_debt_write_off.reject' | 'bad_debt_write_off.recover';
      entity: 'bad_debt_write_off';
    }
  | {
      action:
        | 'collection.reminder_done'
        | 'collection.notice_issued'
        | 'collection.notice_served'
        | 'collection.call'
        | 'collection.stop_order'
        | 'collection.stop_approve'
        | 'collection.stop_execute'
        | 'collection.stop_cancel'
        | 'collection.restore_open'
        | 'collection.restored';
      entity: 'collection_step';
    }
  | { action: 'installment.create' | 'installment.broken' | 'installment.completed'; entity: 'installment_agreement' }
  | { action: 'collection.daily_pass'; entity: 'collection_pass_run' }
  // prepaid fee control (预付费 / 费控)
  | { action: 'prepaid.enroll' | 'prepaid.threshold' | 'prepaid.topup'; entity: 'prepaid_account' }
  | { action: 'prepaid.usage'; entity: 'prepaid_usage' }
  | { action: 'prepaid.pass'; entity: 'prepaid_pass_run' }
  | { action: 'prepaid.order' | 'prepaid.send' | 'prepaid.result'; entity: 'prepaid_command' };

export type AuditAction = AuditEvent['action'];
export type AuditEntity = AuditEvent['entity'];
