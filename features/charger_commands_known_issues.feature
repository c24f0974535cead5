@operator @known_issue @fresh_balanz
Feature: Known issues - an operator's charging profiles: a group above its maximum, a session's own limit cleared
  balanz passes an operator's charging profiles (SetTxProfile, SetDefaultProfile, ClearDefaultProfile) on to
  the charger as they are (api.py), without checking what they do to the group or to the session.
  These scenarios demonstrate today's behaviour and are left out of the default run (--tags=@known_issue).

  @rr2
  Rule: An operator's charging limit or default profile is not checked against the group's maximum
    balanz does not check an operator's SetTxProfile or SetDefaultProfile against the group's maximum
    (balanz/api.py api_handler passes both on as they are; docs/balancing-rules.md#the-profiles-balanz-installs).
    With one session of priority 1 in RR2, sessions of priority 0-2 may have 24 A together (RR2's maximum
    00:00-23:59>0=24:3=40:5=48, data/model/groups.csv). An operator
    who sets the session's limit at RR2-02 to its charger's 32 A lets it draw 8 A more than the group may
    have; balanz's own next offer to the session replaces the limit (at the latest after the offer-increase
    interval), but until then the group is above its maximum.
    Likewise a default profile the operator sets in place of balanz's blocking profile (id 2, stack level 1,
    0 A, which keeps an idle charger from charging until balanz offers power): a new session at RR2-02 then
    starts at the operator's 32 A, until balanz's first offer to it (the minimum) replaces it.
    What should happen: balanz refuses (or caps at what balancing allows) an operator's charging limit or
    default profile that would take the group above its maximum.

    Scenario: A 32 A limit set by the operator at RR2-02 takes RR2 8 A above its 24 A maximum
      Given the driver has presented tag D40C346D at RR2-02, which is charging
      When the operator tries to set the charging limit of the session at RR2-02 to 32 A
      Then balanz answers the operator Accepted
      And the group safety watch sees RR2 exceed its maximum of 24 A by 8 A

    Scenario: A 32 A default profile set by the operator at RR2-02 lets its next session start 8 A above 24 A
      Given RR2-02 is available
      When the operator tries to set a default charging limit of 32 A at RR2-02 in place of balanz's blocking profile
      Then balanz answers the operator Accepted
      When the driver presents tag D40C346D at RR2-02
      Then the group safety watch sees RR2 exceed its maximum of 24 A by 8 A

  @hq
  Rule: ClearDefaultProfile clears any profile with the id it names, also a session's own limit
    balanz's ClearDefaultProfile sends the charger a ClearChargingProfile with the profile id and the connector
    only (api.py), with no purpose, so the charger clears whatever profile has that id: balanz's own limit for
    a session (its TxProfile) has id 3 (charge_point_v16.py set_tx_profile). Without it the charger follows
    its default profiles, of which balanz's blocking profile (0 A) is on top: the EV stops drawing. balanz
    takes the 0 A the charger then reports as its own offer (model.py, "reported offer ... different to
    expected") and, finding a session offered nothing, offers it the minimum again (model.py Group.balanz: a
    session offered 0 A wants the minimum, docs/balancing-rules.md#growth-and-its-pacing), within one full
    balancing run: a session that had grown starts again from the minimum.
    What should happen: ClearDefaultProfile clears default profiles only (ClearChargingProfile with the
    purpose TxDefaultProfile), so a session's own limit stays.

    Scenario: Clearing "default profile" 3 at HQ-14 during a session stops its EV and restarts it at the minimum
      Given the driver has presented tag D40C346D at HQ-14, which is charging
      And the offer to HQ-14 has risen to 9 A
      When the operator clears the default profile with id 3 at HQ-14
      Then balanz answers the operator Accepted
      And the EV at HQ-14 draws 0 A, the charger's limit, while balanz offers it 0 A
      And within 1 full balancing run the offer to HQ-14 rises to 6 A
