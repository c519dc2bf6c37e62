import { ApiError } from "../http-client";
import { loadEnrolled } from "../load-state";
import { reportApprovalUse } from "./ask-approval";

/** `luminous-agent report-use`: tells the console what was executed with an approval. Exit 0 recorded, 1 refused, 5 unreachable. */
export async function reportUseCommand(
  args: { id: string; success: boolean; executedCommand?: string; detail?: string },
  opts: { stateDir?: string; json?: boolean },
  out: (line: string) => void,
): Promise<number> {
  const ctx = loadEnrolled(opts.stateDir);
  try {
    const r = await reportApprovalUse(ctx, args);
    out(opts.json ? JSON.stringify(r) : `use of request ${r.id} recorded (${args.success ? "success" : "failure"})`);
    return 0;
  } catch (e) {
    if (e instanceof ApiError && e.status < 500) {
      out(opts.json ? JSON.stringify({ error: e.reason, message: e.message }) : `refused: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
