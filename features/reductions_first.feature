@real_charger @rr2 @fresh_balanz
Feature: balanz lowers offers before it raises others
  When one session grows at another's expense in the same balancing run, balanz sends the reductions first,
  waits for each charger to accept its cut, then waits wait_after_reduce (1 s in the fast profile, 5 s in the
  standard one) before it sends the increases (balanz.py balanz_loop: "First reduce, wait a little
  (configurable), then grow"; model.py Group.balanz returns the reduce and grow lists). That wait is what keeps
  the group under its maximum while chargers apply profiles: a charger accepts a profile at once but enforces
  it a moment later. ocppsim enforces every profile at once, so there the order alone is enough and the wait
  cannot be seen. Here RR2-02 is a real charger that takes 0.5 s (less than the wait) to enforce a profile, and
  RR2-01 one that enforces it at once (the harness plays both: balanz_acceptance/sut/played_charger.py). RR2-02's
  meter values leave out the current it offers: until it enforces a cut it would report the old limit, and balanz
  would take that report for its offer again (a known issue of its own: late_profiles_known_issues.feature), which
  this rule is not about.

  RR2's maximum (data/model groups.csv "00:00-23:59>0=24:3=40:5=48"): priority 1 (RR2-02, tag 3B86D60D
  without a priority) may use 24 A, priority 3 (RR2-01, tag 29837FD6) 40 A, both together 48 A. RR2-02 grows
  alone to 24 A; then RR2-01 grows 6 → 9 → ... → 24 A beside it, and each further step of RR2-01 (27, 30,
  32 A: its limit) takes 3, 3 and 2 A from RR2-02 in the same run (priority 3 is served first: 48 - 32 = 16 A
  are left for RR2-02). The rule is the order of changes, not the pace, so the site raises offers every full
  balancing run.

  Scenario: RR2-01 grows while RR2-02, slow to enforce a profile, is cut in the same runs
    Given a site whose offer-increase interval is 1 full balancing run
    And RR2-02 is a real charger that takes 0.5 s to apply a charging profile and that does not report the current it offers
    And RR2-01 is a real charger
    And the driver has presented tag 3B86D60D at RR2-02, which is charging
    And within 7 offer-increase intervals the offers settle at:
      | charger | offer |
      | RR2-02  | 24    |
    When the driver presents tag 29837FD6 at RR2-01
    Then RR2-01 starts charging with the minimum offer of 6 A
    And within 10 offer-increase intervals the offers settle at:
      | charger | offer |
      | RR2-01  | 32    |
      | RR2-02  | 16    |
    And each increase balanz made at RR2-01 in the same run as a cut at RR2-02 reached it only once the cut had been accepted and the wait after a reduction had passed, at least 3 times
    And what the chargers RR2-01 and RR2-02 allowed never took RR2 above its maximum or a cap
