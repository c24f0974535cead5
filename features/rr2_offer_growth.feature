@rr2
Feature: Offers grow step by step, and only while the EV uses them (RR2)
  Rule (balanz/model.py Group.balanz, docs/balancing-rules.md#growth-and-its-pacing; min_offer_increase_interval,
  max_offer_increase, margin_increase; the second scenario's end: the EV-limit cut,
  docs/balancing-rules.md#the-ev-limit-cut, usage_monitoring_interval, margin_lower): at a full
  balancing run, a session's offer grows by the
  maximum increase (max_offer_increase, 3 A) if the previous offer change is at least
  min_offer_increase_interval old and the EV's highest recent draw is within margin_increase (0.6 A) of
  its offer. So an EV that draws all it gets climbs 3 A per offer-increase interval, and an EV that draws
  clearly less gets no increase.

  Scenario: An EV that draws all it is offered climbs 3 A per offer-increase interval
    Given the driver has presented tag 3B86D60D at RR2-02, which is charging
    Then the offer to RR2-02 rises 6 → 9 → 12 → 15 A, no faster than one step per offer-increase interval

  Scenario: An EV that draws less than it is offered gets no further increase
    The EV draws at most 7 A. At the minimum offer of 6 A it draws 5.95 A, within 0.6 A of the offer, so the
    offer grows to 9 A; there it draws 6.94 A, 2.06 A below the offer, so it grows no more. It stays at 9 A
    until the usage-monitoring interval has passed; then the EV-limit cut (rr2_limits.feature) lowers it to
    the EV's limit of 7 A, where it stays for the rest of the session.

    Given the EV at RR2-02 draws at most 7 A
    And the driver has presented tag 3B86D60D at RR2-02, which is charging
    Then the offer to RR2-02 goes 6 → 9 → 7 A, the last change once the usage-monitoring interval has passed
