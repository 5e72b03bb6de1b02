export { defineScenario, isScenario, runScenario, errorLine } from './scenario.js';
export type { Scenario, ScenarioSpec, ScenarioContext, ScenarioResult } from './scenario.js';
