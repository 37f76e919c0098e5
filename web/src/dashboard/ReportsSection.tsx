// The dashboard's reports: a period (presets or custom dates) and rows (group, process, agent) that the
// address keeps, and three tables — first response, backlog by age, SLAs — over the tickets created in
// the period. Every figure links to the queue filtered to the tickets it counts; each table downloads as CSV.
import type { ReactNode } from 'react';
import { useQuery } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { graphql, type ResultOf } from '../graphql';
import { downloadText } from '../lib/download';
import { Link, navigate, useLocation } from '../router';
import { routes, type Href } from '../routes';
import { hours } from './dashboard';
import { csvHours, toCsv, type CsvCell } from './report-csv';
import { ageHref, cohortHref, openHref, responseHref, slaHref } from './report-links';
import { GROUPINGS, PRESETS, readReportChoice, type ReportChoice } from './report-period';
import './reports.css';

const Reports = graphql(`
  query Reports($from: String!, $to: String!, $by: ReportGrouping!) {
    reports(from: $from, to: $to, by: $by) {
      from
      to
      asOf
      firstResponse {
        key
        label
        created
        answered
        unanswered
        medianHours
        p90Hours
      }
      backlog {
        key
        label
        open
        underOneDay
        oneToThreeDays
        threeToSevenDays
        sevenToThirtyDays
        overThirtyDays
      }
      sla {
        key
        label
        created
        met
        breached
        metShare
      }
    }
  }
`);
type Figures = ResultOf<typeof Reports>['reports'];

const AGES = [
  { field: 'underOneDay', head: 'Under 1 day', from: 0, until: 1 },
  { field: 'oneToThreeDays', head: '1–3 days', from: 1, until: 3 },
  { field: 'threeToSevenDays', head: '3–7 days', from: 3, until: 7 },
  { field: 'sevenToThirtyDays', head: '7–30 days', from: 7, until: 30 },
  { field: 'overThirtyDays', head: 'Over 30 days', from: 30, until: null },
] as const;

export function ReportsSection() {
  const { search } = useLocation();
  const choice = readReportChoice(search);
  const [result, reexecute] = useQuery({
    query: Reports,
    variables: { from: choice.from, to: choice.to, by: choice.grouping.api },
  });
  const figures = result.data?.reports;
  const choose = (change: Partial<Record<'period' | 'from' | 'to' | 'by', string>>) => {
    const next = { days: search.get('days'), period: choice.preset, by: choice.grouping.value, ...change };
    const custom = next.period === 'custom';
    const from = custom ? (change.from ?? choice.from) : undefined;
    const to = custom ? (change.to ?? choice.to) : undefined;
    navigate(routes.dashboard.href({ ...next, from, to }), { replace: true });
  };
  // The tables say what their figures are of: until the new answer is in, the last one's period and rows.
  const asked = result.operation?.variables;
  const grouping = GROUPINGS.find((g) => g.api === asked?.by) ?? choice.grouping;
  const shown: ReportChoice = figures ? { ...choice, grouping, from: figures.from, to: figures.to } : choice;
  const fresh = figures && figures.from === choice.from && figures.to === choice.to && grouping === choice.grouping;

  return (
    <section className="reports" aria-labelledby="reports-title">
      <h2 id="reports-title">Reports</h2>
      <div className="report-choices">
        <label>
          Period{' '}
          <select value={choice.preset} onChange={(e) => choose({ period: e.target.value })}>
            {PRESETS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        {choice.preset === 'custom' && (
          <>
            <label>
              From <input type="date" value={choice.from} onChange={(e) => choose({ from: e.target.value })} />
            </label>
            <label>
              To <input type="date" value={choice.to} onChange={(e) => choose({ to: e.target.value })} />
            </label>
          </>
        )}
        <label>
          Rows per{' '}
          <select value={choice.grouping.value} onChange={(e) => choose({ by: e.target.value })}>
            {GROUPINGS.map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="report-scope">
        Over the tickets created from {choice.from} to {choice.to} (UTC, both days included) that you may see. Each
        figure opens the list of those tickets it counts.
      </p>
      {result.error && <ErrorNotice error={result.error} retry={() => reexecute({ requestPolicy: 'network-only' })} />}
      {!figures && !result.error && <Loading what="Loading the reports…" />}
      {figures && !result.error && (
        <div className="report-tables" aria-busy={result.fetching || !fresh}>
          <FirstResponse figures={figures} choice={shown} />
          <Backlog figures={figures} choice={shown} />
          <Slas figures={figures} choice={shown} />
        </div>
      )}
    </section>
  );
}

interface TableProps {
  figures: Figures;
  choice: ReportChoice;
}

/** A figure as a link to its list; plain text when no list can hold what it counts (an empty age). */
const figure = (text: ReactNode, href: Href | null) => (href ? <Link href={href}>{text}</Link> : text);

function FirstResponse({ figures, choice }: TableProps) {
  const { from, to } = figures;
  const head = ['Created', 'Answered', 'Unanswered', 'Median (hours)', '90th percentile (hours)'];
  return (
    <ReportTable
      choice={choice}
      name="first-response"
      title="First response by staff"
      caption="First public reply by staff who work the ticket, after creation. Times are of the answered tickets and link to them."
      head={head}
      rows={figures.firstResponse.map((r) => {
        const answered = responseHref(choice.grouping, r, from, to, 'answered');
        return {
          id: r.key,
          label: r.label,
          cells: [
            figure(r.created, cohortHref(choice.grouping, r, from, to)),
            figure(r.answered, answered),
            figure(r.unanswered, responseHref(choice.grouping, r, from, to, 'unanswered')),
            figure(r.medianHours === null ? '—' : hours(r.medianHours), answered),
            figure(r.p90Hours === null ? '—' : hours(r.p90Hours), answered),
          ],
          csv: [r.created, r.answered, r.unanswered, csvHours(r.medianHours), csvHours(r.p90Hours)],
        };
      })}
    />
  );
}

function Backlog({ figures, choice }: TableProps) {
  const { from, to, asOf } = figures;
  return (
    <ReportTable
      choice={choice}
      name="backlog"
      title="Backlog by age"
      caption={`Tickets of the period still open, by age on ${asOf} (UTC days since creation).`}
      head={['Open', ...AGES.map((a) => a.head)]}
      rows={figures.backlog.map((r) => ({
        id: r.key,
        label: r.label,
        cells: [
          figure(r.open, openHref(choice.grouping, r, from, to)),
          ...AGES.map((a) => figure(r[a.field], ageHref(choice.grouping, r, { from, to, asOf }, a.from, a.until))),
        ],
        csv: [r.open, ...AGES.map((a) => r[a.field])],
      }))}
    />
  );
}

function Slas({ figures, choice }: TableProps) {
  const { from, to } = figures;
  const share = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)} %`);
  return (
    <ReportTable
      choice={choice}
      name="sla"
      title="SLAs met and breached"
      caption="Met: every clock stopped, none breached. Breached: a clock breached. Met share: met of met and breached."
      head={['Created', 'Met', 'Breached', 'Met share']}
      rows={figures.sla.map((r) => ({
        id: r.key,
        label: r.label,
        cells: [
          figure(r.created, cohortHref(choice.grouping, r, from, to)),
          figure(r.met, slaHref(choice.grouping, r, from, to, 'met')),
          figure(r.breached, slaHref(choice.grouping, r, from, to, 'breached')),
          figure(share(r.metShare), slaHref(choice.grouping, r, from, to, 'met')),
        ],
        csv: [r.created, r.met, r.breached, r.metShare === null ? null : Number(r.metShare.toFixed(4))],
      }))}
    />
  );
}

function ReportTable({
  choice,
  name,
  title,
  caption,
  head,
  rows,
}: {
  choice: ReportChoice;
  name: string;
  title: string;
  caption: string;
  head: string[];
  rows: { id: string | null; label: string; cells: ReactNode[]; csv: CsvCell[] }[];
}) {
  const rowHead = choice.grouping.label;
  const exportCsv = () =>
    downloadText(
      toCsv(
        [rowHead, ...head],
        rows.map((r) => [r.label, ...r.csv]),
      ),
      `${name}-${choice.from}-to-${choice.to}-by-${choice.grouping.value}.csv`,
    );
  return (
    <section className="dash-panel report" aria-labelledby={`report-${name}`}>
      <div className="report-head">
        <h3 id={`report-${name}`}>{title}</h3>
        <button type="button" onClick={exportCsv} disabled={rows.length === 0}>
          Download CSV<span className="visually-hidden"> of {title.toLowerCase()}</span>
        </button>
      </div>
      {rows.length === 0 ? (
        <p className="empty">No tickets created in the period.</p>
      ) : (
        <div className="report-scroll">
          <table>
            <caption>{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{rowHead}</th>
                {head.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id ?? 'none'}>
                  <th scope="row">{r.label}</th>
                  {r.cells.map((c, i) => (
                    <td key={head[i]}>{c}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
