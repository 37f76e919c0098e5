// The staff dashboard: open tickets per state, SLA breaches per day, time to resolve and load per
// person, over a window of 7, 30 or 90 days that the address keeps (/dashboard?days=7).
import { useQuery } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { graphql, type ResultOf } from '../graphql';
import { usePageTitle } from '../lib/usePageTitle';
import { navigate, useLocation } from '../router';
import { routes } from '../routes';
import { ChartPanel, DayBars, HBars } from './charts';
import { everyDay, hours, readWindow, WINDOWS } from './dashboard';
import { ReportsSection } from './ReportsSection';
import './dashboard.css';

const Dashboard = graphql(`
  query Dashboard($days: Int!) {
    dashboard(days: $days) {
      days
      openByState {
        process
        processName
        state
        stateLabel
        count
      }
      breachesPerDay {
        day
        count
      }
      resolution {
        process
        processName
        closed
        medianHours
        p90Hours
      }
      loadPerPerson {
        user {
          id
          name
          email
        }
        open
        atRisk
        breached
      }
    }
  }
`);

type Figures = ResultOf<typeof Dashboard>['dashboard'];

export function DashboardPage() {
  usePageTitle('Dashboard');
  const { search } = useLocation();
  const days = readWindow(search);
  const [result, reexecute] = useQuery({ query: Dashboard, variables: { days } });
  const figures = result.data?.dashboard;

  return (
    <section className="page">
      <div className="page-header">
        <h1>Dashboard</h1>
        <label className="dash-window">
          Window{' '}
          <select
            value={days}
            onChange={(event) =>
              navigate(routes.dashboard.href({ ...Object.fromEntries(search), days: event.target.value }), {
                replace: true,
              })
            }
          >
            {WINDOWS.map((w) => (
              <option key={w} value={w}>
                Last {w} days
              </option>
            ))}
          </select>
        </label>
      </div>
      {result.error && !figures && (
        <ErrorNotice error={result.error} retry={() => reexecute({ requestPolicy: 'network-only' })} />
      )}
      {!figures && !result.error && <Loading what="Loading the dashboard…" />}
      {figures && (
        <div className="dash-grid" aria-busy={result.fetching}>
          <OpenByState figures={figures} />
          <Breaches figures={figures} />
          <Resolution figures={figures} />
          <Load figures={figures} />
        </div>
      )}
      <ReportsSection />
    </section>
  );
}

function OpenByState({ figures }: { figures: Figures }) {
  const rows = figures.openByState;
  const processes = [...new Set(rows.map((r) => r.process))];
  const max = Math.max(1, ...rows.map((r) => r.count));
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  return (
    <ChartPanel
      title="Open tickets by state"
      empty={rows.length === 0 ? 'No open tickets.' : undefined}
      table={{
        caption: `Open tickets by process and state, ${total} in all`,
        head: ['Process', 'State', 'Open'],
        rows: rows.map((r) => [r.processName, r.stateLabel, r.count]),
      }}
    >
      {processes.map((process) => (
        <div key={process} className="dash-group">
          <h3>{rows.find((r) => r.process === process)?.processName}</h3>
          <HBars
            max={max}
            bars={rows.filter((r) => r.process === process).map((r) => ({ label: r.stateLabel, value: r.count }))}
          />
        </div>
      ))}
    </ChartPanel>
  );
}

function Breaches({ figures }: { figures: Figures }) {
  const days = everyDay(figures.days, figures.breachesPerDay);
  const total = days.reduce((sum, d) => sum + d.count, 0);
  return (
    <ChartPanel
      title="SLA breaches per day"
      table={{
        caption: `SLA breaches per day over the last ${figures.days} days, ${total} in all`,
        head: ['Day (UTC)', 'Breaches'],
        rows: days.map((d) => [d.day, d.count]),
      }}
    >
      <p className="muted">
        {total === 1 ? '1 breach' : `${total} breaches`} in the last {figures.days} days
      </p>
      <DayBars days={days} />
    </ChartPanel>
  );
}

function Resolution({ figures }: { figures: Figures }) {
  const rows = figures.resolution;
  const max = Math.max(1, ...rows.map((r) => r.p90Hours));
  return (
    <ChartPanel
      title="Time to resolve"
      empty={rows.length === 0 ? 'No tickets done in this window.' : undefined}
      table={{
        caption: `Hours from submission to done, per process, over the last ${figures.days} days`,
        head: ['Process', 'Done', 'Median hours', '90th percentile hours'],
        rows: rows.map((r) => [r.processName, r.closed, r.medianHours.toFixed(1), r.p90Hours.toFixed(1)]),
      }}
    >
      {rows.map((r) => (
        <div key={r.process} className="dash-group">
          <h3>
            {r.processName} <span className="muted">({r.closed} done)</span>
          </h3>
          <HBars
            max={max}
            bars={[
              { label: 'Median', value: r.medianHours, note: hours(r.medianHours) },
              { label: '90%', value: r.p90Hours, note: hours(r.p90Hours), tone: 'bar-muted' },
            ]}
          />
        </div>
      ))}
    </ChartPanel>
  );
}

function Load({ figures }: { figures: Figures }) {
  const rows = figures.loadPerPerson;
  return (
    <ChartPanel
      title="Load per person"
      empty={rows.length === 0 ? 'No open tickets are assigned.' : undefined}
      table={{
        caption: 'Open tickets per assignee, with how many have an SLA at risk or breached',
        head: ['Person', 'Open', 'At risk', 'Breached'],
        rows: rows.map((r) => [r.user.name, r.open, r.atRisk, r.breached]),
      }}
    >
      <HBars
        bars={rows.map((r) => ({
          label: r.user.name,
          value: r.open,
          note: `${r.open} open · ${r.atRisk} at risk · ${r.breached} breached`,
          tone: r.breached ? 'bar-danger' : r.atRisk ? 'bar-warning' : undefined,
        }))}
      />
    </ChartPanel>
  );
}
