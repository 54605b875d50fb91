/** The local payment gateway of the tests: the simulator that also serves the demo seed (src/seed/pay-gateway-sim.ts). */
export * from '../../src/seed/pay-gateway-sim.js';
