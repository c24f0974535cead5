@rr2 @seed
Feature: The upstream RR2 journey, end to end (upstream test_balanz)
  Four sessions arrive: RR2-04, RR2-03 and RR2-01 (EV draws at most 16 A) together, then RR2-02 (EV draws
  at most 10 A, CEO tag FE7FF01E with priority 10). Upstream lets the first three arrive one after another;
  their offers never compete (priority 1 may use 24 A and takes 8 + 16 A; priority 3 may use 40 A and takes
  at most 18 A; 42 A in all is within the group's 48 A), so each climbs exactly as it would alone and the
  journey reaches upstream's checkpoints a minute sooner.
  Every expected offer follows from the rules of the other RR2 features (balanz/model.py Group.balanz;
  docs/balancing-rules.md; min_allocation, max_offer_increase, min_offer_increase_interval, margin_increase,
  margin_lower, usage_monitoring_interval, suspended_allocation_timeout, energy_threshold,
  suspended_delayed_time_not_first):
  * RR2-04 climbs to its charger's 8 A; RR2-03 to its charger's 16 A (8 + 16 = the 24 A of priority 1).
  * RR2-01 (priority 3) climbs past its EV's 16 A to 18 A (at 15 A it draws within 0.6 A of the offer), then,
    once the usage-monitoring interval has passed, is cut to the EV's limit of 16 A.
  * RR2-02 (priority 10) is served first: 6, 9, then 12 A (at 9 A its EV draws 8.95 A, within 0.6 A). The
    group's 48 A leave priority 1 48 - 16 - 12 = 20 A, so RR2-03 gives way to 12 A beside RR2-04's 8 A:
    16 / 12 / 12 / 8 A, upstream's checkpoint - reached, not settled: at 12 A RR2-02's EV draws only
    9.95 A, so once the usage-monitoring interval has passed balanz cuts it to its EV's limit of 10 A, and
    RR2-03 grows into the freed 2 A (48 - 16 - 10 - 8 = 14 A): 16 / 10 / 14 / 8 A is what settles.
  * When RR2-01's session ends and RR2-02's EV is full, RR2-02 keeps only the minimum (6 A) and RR2-03 grows
    back to its charger's 16 A. The minimum left unused is withdrawn once the unused-offer timeout has
    passed; RR2-02's meter register (the simulator's: what it has charged in the session) is far above the
    energy threshold, so this is not a first delay and it is held for the long suspension: 0 / 0 / 16 / 8 A
    is what settles.
  The journey runs on a site whose unused-offer timeout is 3 full balancing runs instead of the profile's 5 (18 s
  instead of 30 s in the fast profile): the withdrawal is checked against it on both sides just the same, and
  single_charger and delayed_charging specify the timeout at the profile's own value.

  Scenario: Four arrivals, then one leaves and one is full
    Given a site whose unused-offer timeout is 3 full balancing runs
    And the EV at RR2-01 draws at most 16 A
    When sessions are charging at:
      | charger | tag      |
      | RR2-04  | E08CEE18 |
      | RR2-03  | 56EB8FBF |
      | RR2-01  | 29837FD6 |
    Then the offer to RR2-04 rises 6 → 8 A, no faster than one step per offer-increase interval
    And the offer to RR2-03 rises 6 → 9 → 12 → 15 → 16 A, no faster than one step per offer-increase interval
    And the offer to RR2-01 goes 6 → 9 → 12 → 15 → 18 → 16 A, the last change once the usage-monitoring interval has passed
    Given the EV at RR2-02 draws at most 10 A
    When the driver presents tag FE7FF01E at RR2-02
    Then RR2-02 starts charging with the minimum offer of 6 A
    And within 2 offer-increase intervals the offers reach:
      | charger | offer |
      | RR2-01  | 16    |
      | RR2-02  | 12    |
      | RR2-03  | 12    |
      | RR2-04  | 8     |
    And within 1 usage-monitoring interval the offers settle at:
      | charger | offer |
      | RR2-01  | 16    |
      | RR2-02  | 10    |
      | RR2-03  | 14    |
      | RR2-04  | 8     |
    When the driver unplugs the EV at RR2-01
    And the EV at RR2-02 becomes full
    Then within 1 full balancing run the offer to RR2-02 drops to the minimum of 6 A
    And within 1 offer-increase interval the offers reach:
      | charger | offer |
      | RR2-01  | 0     |
      | RR2-02  | 6     |
      | RR2-03  | 16    |
      | RR2-04  | 8     |
    And RR2-01 shows Available with 0 A, with no transaction
    And the offer to RR2-02 is withdrawn once the unused-offer timeout has passed since its last offer, not before
    And within 1 full balancing run the offers settle at:
      | charger | offer |
      | RR2-01  | 0     |
      | RR2-02  | 0     |
      | RR2-03  | 16    |
      | RR2-04  | 8     |
    And RR2-02 is held for the long suspension
    And RR2-02 shows SuspendedEVSE with 0 A, in a transaction
