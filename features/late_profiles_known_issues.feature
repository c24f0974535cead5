@real_charger @known_issue @fresh_balanz
Feature: A charger that enforces a cut late
  A real charger accepts a charging profile at once and enforces it a moment later; until then its meter values
  report the limit it still enforces (Current.Offered). balanz takes every reported offer that differs from its own
  as its offer (model.py Charger.meter_values: "reported offer ... which is different to expected ... Adjusting
  it"), also one the charger sent between accepting balanz's cut and enforcing it. balanz's offer then goes back up
  to the old limit although it sent the charger no such limit, and stays there until the charger's first report
  after it enforced the cut. In a full group balanz's offers then add up to more than the group's maximum: seen
  in reductions_first.feature under load while its RR2-02, which takes 0.5 s to enforce a profile, still reported
  the current it offered (it no longer does). This demonstrates today's
  behaviour and is left out of the default run (--tags=@known_issue). It should: keep the offer it set once the
  charger has accepted it, and take a charger's reported offer only when no change of its own is still to be
  enforced.

  HQ-14 (alone in group HQ, limit 16 A: data/model chargers.csv) is a real charger that takes 4 s to enforce a
  profile and sends meter values every second, so that it reports its old limit several times before it enforces
  the cut. The operator lowers its limit from 16 A to 6 A (UpdateCharger), which balanz applies at its next full
  balancing run by cutting the offer (live_changes.feature). balanz's offers are read from its log ("Charge change
  done ... allocation=6.0", then "reported offer 12.0 which is different to expected 6.0. Adjusting it."): the old
  offer often comes back within the second of the cut, too soon to be seen by asking balanz.

  Scenario: balanz's offer to HQ-14 goes back to 12 A after HQ-14 accepted a cut to 6 A, before it enforced it
    Given HQ-14 is a real charger that takes 4 s to apply a charging profile and that sends meter values every 1 s
    And HQ-14 enforces the charging profiles balanz set up
    And the driver has presented tag D40C346D at HQ-14, which is charging
    And the offer to HQ-14 has risen to 12 A
    When the operator lowers the limit of HQ-14 to 6 A
    Then balanz's offer to HQ-14 goes back from 6 A to 12 A after the charger accepted the cut and before it enforced it, though balanz sent it no higher limit
