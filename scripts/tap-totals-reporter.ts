/**
 * A tap reporter for terminals: renders tap's own `base` reporter and, when the suite
 * completes, writes the root counts ({ total, pass, fail, skip, todo }) as JSON to the file
 * named by CHORDKV_TAP_TOTALS_FILE. scripts/test.ts uses it to print its summary line.
 */
import { writeFileSync } from 'node:fs'
import { Base, type TapReportOpts } from '@tapjs/reporter'

const watched = new WeakSet<object>()

export default function TotalsReporter (props: TapReportOpts): ReturnType<typeof Base> {
  const { test } = props
  const file = process.env.CHORDKV_TAP_TOTALS_FILE
  if (file !== undefined && !watched.has(test)) {
    watched.add(test)
    test.on('complete', () => {
      const { total, pass, fail, skip, todo } = test.counts
      writeFileSync(file, JSON.stringify({ total, pass, fail, skip, todo }))
    })
  }
  // Called as a plain function, Base's hooks belong to this component: same render tree.
  return Base(props)
}
