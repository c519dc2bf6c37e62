import { notFound } from "next/navigation";

/** Any path no page answers: the console's own not-found page, inside its frame (for a signed-in user). */
export default function Missing(): never {
  notFound();
}
