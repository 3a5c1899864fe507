import type { PgQueryPlan } from '@shared/index'
import { ms, num, pct } from '../../lib/format'

/** A plan as an indented tree; the costly nodes are marked, with the analysis' notes under them. */
export function PlanTree({ plan }: { plan: PgQueryPlan }) {
  if (plan.error) return <div className="banner error">{plan.error}</div>
  const analyzed = plan.mode === 'analyze'
  return (
    <div className="pg-plan" data-testid={`plan-${plan.queryIndex}`}>
      <div className="muted pg-plan-meta">
        {analyzed ? 'EXPLAIN ANALYZE' : 'EXPLAIN'} · total cost {num(plan.totalCost, 2)}
        {plan.executionMs !== undefined ? ` · execution ${ms(plan.executionMs)}` : ''}
        {plan.planningMs !== undefined ? ` · planning ${ms(plan.planningMs)}` : ''}
        {plan.params.length ? ` · params ${plan.params.map((v) => v ?? 'NULL').join(', ')}` : ''}
      </div>
      <ul className="pg-plan-nodes">
        {plan.nodes.map((n) => (
          <li
            key={n.id}
            className={`pg-node${n.costly ? ' costly' : ''}`}
            style={{ paddingLeft: `${n.depth * 18 + 6}px` }}
            data-costly={n.costly ? 'true' : undefined}
          >
            <div className="pg-node-head">
              <span className="pg-node-type">
                {n.depth > 0 ? '└ ' : ''}
                {n.nodeType}
                {n.joinType ? ` (${n.joinType})` : ''}
              </span>
              {n.indexName ? (
                <span>
                  {' '}
                  using <b>{n.indexName}</b>
                </span>
              ) : null}
              {n.relation ? (
                <span>
                  {' '}
                  on <b>{n.relation}</b>
                  {n.alias ? ` ${n.alias}` : ''}
                </span>
              ) : null}
              <span className="pg-node-nums muted">
                cost {num(n.startupCost, 2)}..{num(n.totalCost, 2)} · rows {num(n.planRows)}
                {n.actualRows !== undefined
                  ? ` → actual ${num(n.actualRows)}${(n.actualLoops ?? 1) > 1 ? ` × ${num(n.actualLoops)} loops` : ''}`
                  : ''}
                {n.selfMs !== undefined ? ` · self ${ms(n.selfMs)}` : ''}
              </span>
              <span
                className="pg-node-share"
                title={analyzed ? 'share of time in this node' : 'share of cost in this node'}
              >
                {pct(n.share, 0)}
              </span>
            </div>
            {n.conditions.map((c, i) => (
              <div key={i} className="pg-node-cond mono">
                {c.kind}: {c.expr}
              </div>
            ))}
            {n.sortMethod ? (
              <div className="pg-node-cond">
                sort: {n.sortMethod}
                {n.sortSpaceKb !== undefined
                  ? `, ${num(n.sortSpaceKb)} kB ${n.sortSpaceType ?? ''}`
                  : ''}
              </div>
            ) : null}
            {n.warnings.map((w, i) => (
              <div key={i} className="pg-node-warning">
                ⚠ {w}
              </div>
            ))}
          </li>
        ))}
      </ul>
    </div>
  )
}
