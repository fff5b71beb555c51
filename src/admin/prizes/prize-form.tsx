// One prize's form: its fields, an image (checked here like the logo, stored at once by the
// server under its SHA-256), and its rules. "Apply" changes the list; "Save prizes" sends it.
import { useState, type ChangeEvent, type FormEvent } from 'react';
import {
  PRIZE_BATCH_SIZE_MAX,
  PRIZE_DESCRIPTION_MAX_CHARACTERS,
  PRIZE_IMAGE_MAX_BYTES,
  PRIZE_NAME_MAX_CHARACTERS,
  PRIZE_QUANTITY_MAX,
  PRIZE_RESERVES_MAX,
  PRIZE_SPONSOR_MAX_CHARACTERS,
  normalizeGroupKey,
  type Prize,
} from '../../core/index.ts';
import type { ApiClient } from '../api/client.ts';
import { checkImageBytes } from '../appearance/logo-file.ts';
import {
  EMPTY_PRIZE_FIELDS,
  parseGroupList,
  readPrizeFields,
  toPrizeFields,
  unknownGroups,
  type FieldProblem,
  type PrizeFields,
} from './prize-fields.ts';

/** Where the server serves a prize image (public, immutable). */
export function prizeImageUrl(slug: string, sha256: string): string {
  return `/api/wheels/${encodeURIComponent(slug)}/prize-images/${encodeURIComponent(sha256)}`;
}

export function PrizeForm({
  api,
  slug,
  initial,
  knownGroups,
  onApply,
  onCancel,
}: {
  api: ApiClient;
  slug: string;
  initial: Prize | undefined;
  /** The draft's groups, offered as choices. */
  knownGroups: readonly string[];
  onApply: (prize: Prize) => void;
  onCancel: () => void;
}) {
  const [fields, setFields] = useState<PrizeFields>(initial ? toPrizeFields(initial) : EMPTY_PRIZE_FIELDS);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [imageState, setImageState] = useState<
    { status: 'idle' } | { status: 'uploading' } | { status: 'failed'; message: string }
  >({ status: 'idle' });

  function update(change: Partial<PrizeFields>) {
    setFields((current) => ({ ...current, ...change }));
  }

  function toggleGroup(group: string, on: boolean) {
    const chosen = parseGroupList(fields.groups) ?? [];
    const key = normalizeGroupKey(group);
    const next = on ? [...chosen, group] : chosen.filter((name) => normalizeGroupKey(name) !== key);
    update({ groups: next.join(', ') });
  }

  async function chooseImage(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const checked = checkImageBytes(
      new Uint8Array(await file.arrayBuffer()),
      PRIZE_IMAGE_MAX_BYTES,
      'prize images',
    );
    if (!checked.ok) {
      setImageState({ status: 'failed', message: `${file.name}: ${checked.message}` });
      return;
    }
    setImageState({ status: 'uploading' });
    const result = await api.uploadPrizeImage(slug, checked.base64);
    if (result.ok) {
      update({ image: result.data.sha256 });
      setImageState({ status: 'idle' });
    } else {
      setImageState({ status: 'failed', message: `${file.name}: ${result.error.message}` });
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const read = readPrizeFields(initial?.id ?? '', fields);
    if (!read.ok) {
      setProblems(read.problems);
      return;
    }
    setProblems([]);
    onApply(read.prize);
  }

  const problemOf = (field: keyof PrizeFields) =>
    problems.find((problem) => problem.field === field)?.message;
  const chosenGroups = parseGroupList(fields.groups);
  const chosenKeys = new Set((chosenGroups ?? []).map(normalizeGroupKey));
  const missingGroups = unknownGroups(chosenGroups, knownGroups);

  return (
    <form
      className="card prize-form"
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
      aria-label={initial ? `Edit prize ${initial.name}` : 'Add prize'}
      noValidate
    >
      <label className="field">
        <span>Name</span>
        <input
          name="name"
          value={fields.name}
          maxLength={PRIZE_NAME_MAX_CHARACTERS}
          autoFocus
          aria-invalid={problemOf('name') ? true : undefined}
          onChange={(event) => update({ name: event.target.value })}
        />
        <FieldProblemText message={problemOf('name')} />
      </label>
      <label className="field">
        <span>Quantity (winners in all)</span>
        <input
          name="quantity"
          type="number"
          min={1}
          max={PRIZE_QUANTITY_MAX}
          step={1}
          value={fields.quantity}
          aria-invalid={problemOf('quantity') ? true : undefined}
          onChange={(event) => update({ quantity: event.target.value })}
        />
        <FieldProblemText message={problemOf('quantity')} />
      </label>
      <label className="field">
        <span>Description</span>
        <textarea
          name="description"
          value={fields.description}
          maxLength={PRIZE_DESCRIPTION_MAX_CHARACTERS}
          rows={2}
          onChange={(event) => update({ description: event.target.value })}
        />
      </label>
      <label className="field">
        <span>Sponsor</span>
        <input
          name="sponsor"
          value={fields.sponsor}
          maxLength={PRIZE_SPONSOR_MAX_CHARACTERS}
          onChange={(event) => update({ sponsor: event.target.value })}
        />
      </label>

      <div className="field">
        <span>Image (PNG, JPEG or WebP, at most {PRIZE_IMAGE_MAX_BYTES / 1024} KB)</span>
        <div className="logo-preview" data-testid="prize-image-preview">
          {fields.image !== '' ? (
            <img src={prizeImageUrl(slug, fields.image)} alt={`Image of ${fields.name || 'the prize'}`} />
          ) : (
            <span className="muted">No image</span>
          )}
        </div>
        <input
          type="file"
          name="image"
          accept="image/png,image/jpeg,image/webp"
          aria-label="Choose a prize image"
          disabled={imageState.status === 'uploading'}
          onChange={(event) => void chooseImage(event)}
        />
        {imageState.status === 'uploading' ? <span className="muted">Uploading the image…</span> : null}
        {imageState.status === 'failed' ? (
          <span className="row-error-text" role="alert">
            {imageState.message}
          </span>
        ) : null}
        {fields.image !== '' ? (
          <button type="button" className="button-small" onClick={() => update({ image: '' })}>
            Remove image
          </button>
        ) : null}
      </div>

      <fieldset className="field">
        <legend>Who may win it</legend>
        {knownGroups.length > 0 ? (
          <div className="group-choices">
            {knownGroups.map((group) => (
              <label key={group} className="field-checkbox">
                <input
                  type="checkbox"
                  checked={chosenKeys.has(normalizeGroupKey(group))}
                  onChange={(event) => toggleGroup(group, event.target.checked)}
                />
                <span>{group}</span>
              </label>
            ))}
          </div>
        ) : null}
        <label className="field">
          <span>Groups (separated by commas; empty: everyone)</span>
          <input
            name="groups"
            value={fields.groups}
            placeholder={knownGroups.length > 0 ? knownGroups.slice(0, 3).join(', ') : 'e.g. Staff, Sales'}
            onChange={(event) => update({ groups: event.target.value })}
          />
        </label>
        {missingGroups.length > 0 ? (
          <span className="notice notice-warning" role="status">
            No entry of the draft is in {missingGroups.join(', ')}: nobody of{' '}
            {missingGroups.length === 1 ? 'it' : 'them'} can win this prize.
          </span>
        ) : null}
        <label className="field-checkbox">
          <input
            type="checkbox"
            name="allowPreviousWinners"
            checked={fields.allowPreviousWinners}
            onChange={(event) => update({ allowPreviousWinners: event.target.checked })}
          />
          <span>Previous winners may win it too (else one prize per person)</span>
        </label>
      </fieldset>

      <label className="field">
        <span>Winners per draw (batch size)</span>
        <input
          name="batchSize"
          type="number"
          min={1}
          max={PRIZE_BATCH_SIZE_MAX}
          step={1}
          value={fields.batchSize}
          aria-invalid={problemOf('batchSize') ? true : undefined}
          onChange={(event) => update({ batchSize: event.target.value })}
        />
        <FieldProblemText message={problemOf('batchSize')} />
      </label>
      <label className="field">
        <span>Reserves per draw (take the place of a winner who declines)</span>
        <input
          name="reserves"
          type="number"
          min={0}
          max={PRIZE_RESERVES_MAX}
          step={1}
          value={fields.reserves}
          aria-invalid={problemOf('reserves') ? true : undefined}
          onChange={(event) => update({ reserves: event.target.value })}
        />
        <FieldProblemText message={problemOf('reserves')} />
      </label>

      <div className="toolbar">
        <button type="submit" className="button-primary" disabled={imageState.status === 'uploading'}>
          {initial ? 'Apply' : 'Add'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function FieldProblemText({ message }: { message: string | undefined }) {
  return message ? (
    <span className="row-error-text" role="alert">
      {message}
    </span>
  ) : null;
}
