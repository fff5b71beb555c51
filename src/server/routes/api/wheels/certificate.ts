// GET /api/wheels/:slug/certificate[?prize=ID] and …/certificate.pdf — public: the signed draw
// certificate of the whole event or of one prize (issue #19 req. 2; contract "Evidence and privacy").
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PRIZE_ID_PATTERN, type SignedCertificate } from '../../../../core/index.ts';
import { readBuildInfo } from '../../../build-info.ts';
import { issueCertificate } from '../../../services/certificate.ts';
import { renderCertificatePdf } from '../../../services/certificate-pdf.ts';
import { linkBase } from '../../../services/public-address.ts';
import { parseRequest } from '../../../validation.ts';

type SlugParams = { Params: { slug: string } };

const certificateQuerySchema = z.object({ prize: z.string().regex(PRIZE_ID_PATTERN).optional() }).strict();

const ERRORS = '404 wheel_not_found, 404 not_published, 404 prize_not_found';

export async function wheelCertificateRoutes(fastify: FastifyInstance): Promise<void> {
  const issue = (request: { params: { slug: string }; query: unknown }): Promise<SignedCertificate> => {
    const { prize } = parseRequest(certificateQuerySchema, request.query, 'query');
    return issueCertificate(
      {
        store: fastify.store,
        snapshots: fastify.snapshots,
        signingKey: fastify.signingKey,
        clock: fastify.clock,
        organizer: fastify.config.organizer,
        buildInfo: readBuildInfo,
      },
      request.params.slug,
      prize ?? null,
    );
  };

  fastify.get<SlugParams>(
    '/:slug/certificate',
    {
      config: {
        openapi: {
          querystring: certificateQuerySchema,
          summary:
            'The signed draw certificate of the event (or of one prize with ?prize=ID): {certificate, signature ' +
            '(base64 Ed25519 over the RFC 8785 canonical JSON of certificate), keyFingerprint}. Rehearsal draws ' +
            `are left out. ${ERRORS}`,
        },
      },
    },
    async (request, reply) => {
      const signed = await issue(request);
      void reply.header('Cache-Control', 'no-cache');
      return signed;
    },
  );

  fastify.get<SlugParams>(
    '/:slug/certificate.pdf',
    {
      config: {
        openapi: {
          querystring: certificateQuerySchema,
          summary:
            'The same certificate as a PDF (application/pdf): the facts, a QR code to the public results page ' +
            `(PUBLIC_URL, else the address presenter links use), the winners paged, the signed JSON attached. ` +
            'The file itself is signed with the same key: its last line is `%prizewheel-signature ed25519 ' +
            '<keyFingerprint> <base64 Ed25519 signature>`, over every byte before that line. ' +
            ERRORS,
        },
      },
    },
    async (request, reply) => {
      const signed = await issue(request);
      const { slug } = request.params;
      const base = linkBase(fastify, request);
      const pdf = await renderCertificatePdf(signed, {
        resultsUrl: `${base}/results/${encodeURIComponent(slug)}`,
        signingKey: fastify.signingKey,
      });
      const name = `certificate-${slug}${signed.certificate.prizeId === null ? '' : `-${signed.certificate.prizeId}`}.pdf`;
      return reply
        .header('Cache-Control', 'no-cache')
        .header('Content-Type', 'application/pdf')
        .header('Content-Disposition', `inline; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
        .send(Buffer.from(pdf));
    },
  );
}
