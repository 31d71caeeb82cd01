/**
 * Macro attachments (OAS ListMacroAttachments, ShowMacroAttachment): files a macro adds to
 * the comment it writes. A macro lists their ids in `attachments` (zendesk-real-shapes.md
 * "Macros"). Uploads are multipart in Zendesk; the sandbox only serves the seeded ones'
 * metadata, not their `/content`.
 */
import { ok, type ApiRequest, type RouteHandler } from '../http.ts';
import { RESOURCES, renderRecord } from '../resources.ts';
import type { Route } from '../router.ts';
import type { SandboxRecord } from '../state.ts';
import { findOr404 } from './crud.ts';

const def = RESOURCES.macroAttachments;

export function macroAttachmentRoutes(): Route[] {
  return [
    { method: 'GET', pattern: 'macros/:id/attachments', handler: listForMacro },
    { method: 'GET', pattern: 'macros/attachments/:id', handler: show },
  ];
}

/** `{"macro_attachments": [...]}` in the order the macro lists them, no pagination keys (OAS MacroAttachmentsResponse). */
const listForMacro: RouteHandler = (request, context) => {
  const macro = findOr404(RESOURCES.macros, request.params.id, context);
  const ids: unknown[] = Array.isArray(macro.attachments) ? macro.attachments : [];
  const attachments = ids.flatMap((id): SandboxRecord[] => {
    const attachment = context.store.find('macro_attachments', id);
    return attachment ? [attachment] : [];
  });
  return ok({ macro_attachments: attachments.map((attachment) => render(attachment, request)) });
};

const show: RouteHandler = (request, context) =>
  ok({ macro_attachment: render(findOr404(def, request.params.id, context), request) });

/** OAS MacroAttachmentResponseExample: `content_url` is `…/api/v2/macros/attachments/{id}/content` on the account's host. */
function render(attachment: SandboxRecord, request: ApiRequest): Record<string, unknown> {
  return {
    ...renderRecord(def, attachment, request.origin),
    content_url: `${request.origin}/api/v2/macros/attachments/${String(attachment.id)}/content`,
  };
}
