// `npm run eval`: the evaluation that gates a model or prompt before it goes live (see cli.ts and README "Evaluation").
import { main } from './cli.ts';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`eval failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(2);
  },
);
