@rr2 @change @restart @known_issue @fresh_balanz
Feature: Known issue - after a restart balanz counts a charger it has not yet heard in its transaction at the minimum
  A charger that keeps its transaction while balanz restarts goes on charging at its last limit. The
  restarted balanz learns of the transaction only from the charger's next meter value (model.py
  Charger.meter_values); until then it sees a connector Charging without a transaction, which its
  balancing counts like a session that has not started: at the minimum offer (6 A; model.py Group.balanz,
  "conn.offered == 0 or conn.transaction is None"). balanz asks a charger that connects for its meter
  values (TriggerMessage) at its first balancing run after initializing it (balanz.py, requested_status),
  but TriggerMessage belongs to OCPP 1.6's optional RemoteTrigger profile, and a charger's own meter-value
  interval is often a minute (one full balancing run of the standard profile). Here RR2-03 sends its meter
  values every full balancing run, counted from when it connects, and not when asked; the harness plays all
  three chargers (they connect again at once). Sessions that start in that window get power the charger
  still uses: RR2-03 charges at 16 A while balanz counts 6 A, RR2-02 and RR2-04 get their minimum (balanz.py
  balanz_loop gives every transaction that starts a limit at the minimum, group.transactions_reset_blocking,
  before Group.balanz weighs the group), and RR2's priority-1 sessions use 16 + 6 + 6 = 28 A, 4 A above their
  24 A (the group safety watch sees it on the chargers' side, and on balanz's once it has taken the 16 A RR2-03
  reports), until balanz has picked RR2-03's transaction up and offered it the minimum.
  What should happen instead: balanz should count a connector that reports a session state before it knows
  the transaction at what the charger may draw (its limit, or the offer it reports), or ask for its meter
  values as soon as it connects and wait for them before offering anything more in its group.

  Scenario: RR2-02 and RR2-04 start sessions before balanz has heard RR2-03's open transaction
    Given RR2-03 is a charger that keeps its transaction when its connection drops, and sends its meter values every 1 full balancing run from when it connects, not when balanz asks for them
    And RR2-02 and RR2-04 are chargers that keep their transactions when their connections drop
    And the driver has presented tag 56EB8FBF at RR2-03, which is charging
    And the offer to RR2-03 rises 6 → 9 → 12 → 15 → 16 A, no faster than one step per offer-increase interval
    And balanz's offer to RR2-03 and the charger's limit stay at 16 A for 1 full balancing run
    When balanz is restarted
    And drivers present their tags at these chargers at once:
      | charger | tag      |
      | RR2-02  | D40C346D |
      | RR2-04  | E08CEE18 |
    Then RR2-03 connects again with its transaction still open, and balanz picks it up as a session of tag "Unknown" for user "Unknown"
    And until balanz picked RR2-03's transaction up, it offered RR2-02 and RR2-04 the minimum of 6 A each, which the chargers enforced
    And within 1 full balancing run of picking it up and initializing RR2-03 again, balanz offers it the minimum of 6 A, which the charger enforces
    And the group safety watch sees RR2 exceed its maximum of 24 A by 4 A
