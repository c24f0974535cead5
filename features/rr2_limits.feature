@rr2
Feature: A charger's own limit and the EV's own limit cap its offer (RR2)

  Rule: A charger's limit caps the offer
    balanz/model.py Group.balanz caps the offer a session may grow to at its charger's limit (max = min(max,
    conn_max); conn_max in data/model/chargers.csv; docs/balancing-rules.md#growth-and-its-pacing).
    RR2-04 is limited to 8 A and RR2-03 to 16 A. Together they use exactly the 24 A that priority-1
    sessions may have, so nothing but the chargers' limits stops them.

    Scenario: RR2-03 and RR2-04 climb to their chargers' limits and stay there
      Given sessions are charging at:
        | charger | tag      |
        | RR2-03  | 56EB8FBF |
        | RR2-04  | E08CEE18 |
      Then the offer to RR2-04 rises 6 → 8 A, no faster than one step per offer-increase interval
      And the offer to RR2-03 rises 6 → 9 → 12 → 15 → 16 A, no faster than one step per offer-increase interval
      And the offers stay for 1 offer-increase interval at:
        | charger | offer |
        | RR2-03  | 16    |
        | RR2-04  | 8     |

  Rule: An EV that draws less than offered is cut to its own limit for the rest of the session
    balanz/model.py Group.balanz, docs/balancing-rules.md#the-ev-limit-cut (usage_monitoring_interval,
    margin_lower, margin_increase): once the
    usage-monitoring interval has passed since the last offer
    change and the EV's highest draw in that window is at least margin_lower (0.8 A) below its offer, balanz
    fixes the EV's limit at that draw rounded up (here the simulated EV's maximum) and cuts the offer to it.
    Before that, the offer climbs while the EV draws within 0.6 A of it: one step past the EV's limit. The
    limit holds for the rest of the session: the offer stays at it although the EV draws within 0.6 A of it.

    Scenario Outline: An EV that draws at most <EV limit> A on RR2-02 is cut to <EV limit> A
      Given the EV at RR2-02 draws at most <EV limit> A
      And the driver has presented tag 3B86D60D at RR2-02, which is charging
      Then the offer to RR2-02 goes <offers> A, the last change once the usage-monitoring interval has passed
      And balanz shows an EV limit of <EV limit> A at RR2-02

      Examples:
        | EV limit | offers                      |
        | 16       | 6 → 9 → 12 → 15 → 18 → 16   |
        | 10       | 6 → 9 → 12 → 10             |
