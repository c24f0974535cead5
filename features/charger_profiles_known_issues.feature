@real_charger @known_issue @fresh_balanz @rr2
Feature: Known issues - a charger that rejects balanz's charging profiles
  Not every charger does smart charging: one may answer every SetChargingProfile with Rejected (OCPP 1.6
  allows it). balanz logs a warning for each rejected default profile, then logs "Succesfully cleared and set
  default profiles" and marks the charger set up all the same (balanz.py balanz_loop: "Failures are only
  logged", profile_initialized = True). Such a charger, holding no profile, lets every EV draw its own maximum:
  a session there takes power balanz never offered. balanz's first TxProfile for it is rejected too (logged
  "TxProfile initial setup failed"); balanz learns what the charger allows only from its meter values
  (Current.Offered: model.py Charger.meter_values), and a reduction it then sends is rejected as well, which
  makes balanz abort the rest of that run's changes (balanz.py: "Aborting further changes"). The supply is at
  risk: the group stays above its maximum. The harness plays the charger (balanz_acceptance/sut/played_charger.py).
  What should happen instead: a charger that rejects its default profiles is not taken as set up (balanz
  retries, and says it cannot limit it), and what such a charger may draw (its limit in chargers.csv) is
  counted before anything more is offered to the others in its group.

  Scenario: RR2-03 rejects every charging profile; its session takes the group above its maximum
    RR2-02 and RR2-04 (priority 1) share priority 1's 24 A at 16 A and 8 A. RR2-03 (priority 1, 16 A) lets its
    EV draw its 16 A at once: 16 + 16 + 8 = 40 A, 16 A above 24 A.

    Given RR2-03 is a real charger that rejects charging profiles
    And sessions are charging at:
      | charger | tag      |
      | RR2-02  | 3B86D60D |
      | RR2-04  | E08CEE18 |
    And within 5 offer-increase intervals the offers settle at:
      | charger | offer |
      | RR2-02  | 16    |
      | RR2-04  | 8     |
    Then balanz's log says it set up the default profiles of RR2-03, which holds none: it rejected them
    When the driver presents tag 56EB8FBF at RR2-03
    Then the group safety watch sees RR2 exceed its maximum of 24 A by 16 A
