// The fine-tuning export's face.
export { exportFinetune, leaveOutReason, LEAVE_OUT_REASONS, type ExportSelection, type FinetuneExportOptions, type FinetuneExportReport, type LeaveOutReason } from './finetune.ts';
export { finetuneTools, type FinetuneLine, type FinetuneMessage, type FinetuneTool, type FinetuneToolCall } from './format.ts';
export { guestNames, Masker } from './mask.ts';
