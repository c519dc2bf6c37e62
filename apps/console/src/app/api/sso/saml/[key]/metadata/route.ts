import { publicRoute } from "@/server/http/guard";
import { spMetadataXml } from "@/server/sso/sp-metadata";

/** SP metadata for the IdP admin: download it, or point the IdP at this URL. */
export const GET = publicRoute(async (req, params) => {
  const xml = await spMetadataXml(params.key ?? "");
  const download = new URL(req.url).searchParams.has("download");
  return new Response(xml, {
    headers: {
      "content-type": "application/samlmetadata+xml; charset=utf-8",
      ...(download
        ? { "content-disposition": `attachment; filename="luminous-console-${params.key}-sp-metadata.xml"` }
        : {}),
    },
  });
});
