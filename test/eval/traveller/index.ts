// Who plays the traveller: the scripted one (the default) or a model from the scenario's goal.
export type { Move, TravellerPlayer } from './types.ts';
export { scriptedTraveller, cueMet } from './scripted.ts';
export { modelTraveller, travellerModelConfig, DONE, type TravellerModelConfig } from './model.ts';
