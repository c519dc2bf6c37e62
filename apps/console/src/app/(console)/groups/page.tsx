import { redirect } from "next/navigation";

/** Groups live under /users/groups (one "Users & groups" area); this keeps the short address working. */
export default function GroupsRedirect() {
  redirect("/users/groups");
}
