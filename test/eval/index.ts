// The evaluation's face: open an environment, run scenarios k times, judge by the database, report and compare.
export { main, type Io } from './cli.ts';
export { openEnvironment, EVAL_NOW, type Environment, type EnvironmentOptions } from './environment.ts';
export { runSuite, type SuiteOptions } from './suite.ts';
export { runTrial, type TrialResult, type TravellerKind } from './trial.ts';
export { judge, statesAmount, type Verdict } from './judge.ts';
export { summarize, overall, quantile, type Summary } from './metrics.ts';
export { readReport, reportSchema, ReportError, type Report } from './report.ts';
export { compareReports, type Comparison } from './compare.ts';
export { scenarios, select, defineScenarios, type Scenario } from './scenarios/index.ts';
export { reportHtml, compareHtml, textReport } from './render/index.ts';
