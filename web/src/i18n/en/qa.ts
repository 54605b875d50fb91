/** Service quality: call-centre analytics, staffing, call log imports */
import type qa from '../zh-CN/qa';
import type { Shape } from '../shape';

const en: Shape<typeof qa> = {
  nav: { group: 'Service quality', callCentre: 'Call centre', staffing: 'Staffing', imports: 'Call log imports' },
  range: 'Dates', interval: 'Interval', minutes: '{{n}} min', queue: 'Queue', allQueues: 'All queues', convention: 'Service level convention',
  conventions: { abandons_ignored: 'Abandons ignored', abandons_against: 'Abandons count against', abandons_for: 'Abandons count for' },
  conventionHint: 'Service level = share answered within {{t}} s; abandons shorter than {{s}} s are left out of all three conventions',
  noData: 'No calls in the selected dates. An administrator can upload a queue_log under "Call log imports".',
  cards: {
    offered: 'Offered', answered: 'Answered', abandoned: 'Abandoned', abandonRate: 'Abandon rate', abandonRateAdjusted: 'Abandon rate (short abandons out)', serviceLevel: 'Service level',
    asa: 'Average speed of answer', avgQueue: 'Average queue time', aht: 'Average handle time', occupancy: 'Agent occupancy', rings: 'Rings before answer', overflow: 'Timeout / key / empty exits',
    shortAbandons: 'Short abandons', whileRinging: 'Abandoned while ringing', seconds: 's',
  },
  tips: {
    offered: 'Offered = answered + abandoned; timeouts, exits by key and exits of an empty queue are counted apart (settings may count them as abandoned)',
    asa: 'Total wait of answered calls / answered', avgQueue: 'Total queue time of all offered calls / offered', aht: 'Talk time (+ wrap-up when known) / answered',
    occupancy: 'Talk time / logged-in time not paused',
  },
  charts: { volume: 'Calls by interval', slTrend: 'Service level and ASA', heatmap: 'Abandon rate (weekday × interval)', agents: 'Agents', queues: 'Queues' },
  weekdays: { '1': 'Mon', '2': 'Tue', '3': 'Wed', '4': 'Thu', '5': 'Fri', '6': 'Sat', '7': 'Sun' },
  agent: { name: 'Agent', answered: 'Answered', talk: 'Talk time', aht: 'AHT', available: 'Available', paused: 'Paused', occupancy: 'Occupancy' },
  staffing: {
    title: 'Staffing (Erlang C)', calculator: 'Calculator', calls: 'Calls in the interval', intervalMinutes: 'Interval (minutes)', ahtS: 'Average handle time (s)', targetS: 'Answer within (s)',
    targetSl: 'Target service level', maxOccupancy: 'Occupancy cap', shrinkage: 'Shrinkage', agents: 'Agents needed', scheduled: 'Agents to schedule', traffic: 'Traffic (erlangs)',
    pWait: 'Probability of waiting', asa: 'ASA (s)', sl: 'Service level', occ: 'Occupancy', curve: 'Agents vs service level and ASA', unreachable: 'The target cannot be reached in the search range', infinite: 'infinite (agents ≤ traffic)',
    published: 'Check: 100 calls per 30 min, AHT 180 s, 80 % in 20 s, occupancy ≤ 85 %, shrinkage 30 % → 14 agents, 20 scheduled',
    forecast: 'Forecast vs actual staffing', date: 'Date', weeks: 'Weeks of history', forecastCalls: 'Forecast calls', required: 'Agents needed', scheduledAgents: 'To schedule', actualAgents: 'Agents available (mean)',
    actualOffered: 'Actual calls', actualSl: 'Actual service level', forecastHint: 'Forecast = mean calls of the same weekday and interval over the last {{w}} weeks; agents by Erlang C with the current targets',
  },
  imports: {
    title: 'Call log imports', upload: 'Upload a file', format: 'Format', formats: { queue_log: 'Asterisk queue_log', csv: 'Generic CSV' }, reading: 'Reading the file {{pct}}%', sending: 'Uploading and importing…',
    done: 'Imported: {{calls}} calls, {{problems}} problem lines', fileName: 'File', status: 'Status', statuses: { done: 'Done', running: 'Running', following: 'Following' },
    lines: 'Lines', calls: 'Calls', duplicates: 'Already stored', spans: 'Agent spans', problems: 'Problems', startedAt: 'Imported at', source: 'Source', by: 'By',
    sources: { upload: 'Upload', cli: 'Command line', follow: 'Command line (follow)', seed: 'Demo data' },
    problemList: 'Problem lines (up to 1000 shown)', line: 'Line', reason: 'Reason', detail: 'Detail',
    reasons: { empty: 'Empty', truncated: 'Truncated', bad_time: 'Bad time', bad_number: 'Bad number', unknown_event: 'Unknown event', out_of_order: 'Out of order (used)', incomplete_call: 'Call not finished' },
    tooLarge: 'The file is over 20 MB: import it on the command line (griddesk queuelog import FILE)', csvHelp: 'CSV columns: call_id, queue, enter_at, outcome, wait_s (required); agent, caller_id, ring_s, talk_s, rings (optional)',
    cliHelp: 'Large or growing logs: griddesk queuelog import FILE [--follow]',
  },
};
export default en;
