@rr2 @change @restart @known_issue @fresh_balanz
Feature: Known issue - a charger back without its charging profiles is not limited before an EV draws
  balanz installs a charger's default charging profiles once, when it first connects
  (Charger.profile_initialized, balanz.py balanz_loop), and never again after a reconnect. A charger that
  comes back from a power loss without them (ocppsim default_profiles off: only its own maximum of 16 A,
  [charger] max_offer, applies) lets the next session's EV draw 16 A from the moment it starts, until
  balanz's first offer (6 A) reaches it - here above its own 8 A limit and, with RR2-03's 16 A, 8 A above
  the 24 A that priority-1 sessions of RR2 may use (the group safety watch sees it on the chargers' side).
  What should happen instead: balanz should install its default profiles again whenever a charger
  (re)connects, so that the charger is limited before an EV can draw.

  Scenario: RR2-04 comes back from a power loss without its default charging profiles
    Given sessions are charging at:
      | charger | tag      |
      | RR2-03  | 56EB8FBF |
      | RR2-04  | E08CEE18 |
    And within 4 offer-increase intervals the offers settle at:
      | charger | offer |
      | RR2-03  | 16    |
      | RR2-04  | 8     |
    When RR2-04 loses power and is powered again without its default charging profiles
    And the driver presents tag E08CEE18 at RR2-04
    Then RR2-04 let the EV draw the charger's own maximum of 16 A before balanz's first offer reached it
    And the group safety watch sees RR2 exceed its maximum of 24 A by 8 A
