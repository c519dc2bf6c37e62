import type { Endpoint } from "../openapi/build";
import { ZListNotices, ZMarkNoticesRead } from "./schemas";

export const noticeEndpoints: Endpoint[] = [
  {
    method: "get",
    path: "/api/v1/me/notices",
    summary: "My notices, newest first, with the unread count",
    tag: "Profile",
    permission: null,
    query: ZListNotices,
  },
  {
    method: "post",
    path: "/api/v1/me/notices/read",
    summary: "Mark my notices read: { ids: [...] } or { all: true }",
    tag: "Profile",
    permission: null,
    body: ZMarkNoticesRead,
  },
];
