@model_files @fresh_balanz
Feature: What balanz writes into its model files and its session file
  An operator's change through the API is written at once into the model file it belongs to: balanz rewrites
  the whole file from its list of that kind - the tags file on CreateTag, UpdateTag and DeleteTag (api.py;
  model.py Tag.write_csv), the groups file on UpdateGroup (Group.write_csv), the chargers file on
  CreateCharger, UpdateCharger, DeleteCharger and ResetChargerAuth (Charger.write_csv) - so the file holds
  exactly what balanz lists, one row each, an absent value as an empty field.
  * A tag created without a status is Blocked: model.py Tag makes every status but "Activated" Blocked. balanz
    lists it Blocked, writes it Blocked and refuses it at a charger as Blocked (model.py Charger.authorize).
  * A charger balanz registers itself, when an unknown charger connects and registration is on ([model]
    charger_autoregister), goes into the registration group ([model] charger_autoregister_group: Default, which
    has no maximum) with its id as its alias, priority 1 and the site's default limit ([balanz]
    default_max_allocation, 32 A) (balanz.py on_connect; model.py Charger); a charger an operator creates
    without a limit gets the default limit too.
  * The session file gets one row per ended session (model.py Session.from_transaction); its history column
    lists the session's charging history: every offer balanz made, every usage the charger reported that
    differs by at least [history] minimum_usage_change (0.5 A) from the last usage kept (model.py
    Charger.meter_values), each at the time balanz received it, and at the end 0 A offered and 0 A used at the
    charger's stop time (Charger.stop_transaction), written "<local time>=<offered>A/<usage>A", an offer
    leaving the usage empty and a usage the offer. A charger in the registration group is offered nothing
    (its group has no maximum), so its history holds usages only.
  Chargers are played by the scenario message by message (balanz_acceptance/sut/scripted_charger.py).
  (What balanz gets wrong with its files: model_files_known_issues.feature.)

  Rule: A tag created without a status is Blocked

    Scenario: A tag created without a status is listed, written and refused as Blocked
      Given HQ-14 is a charger the scenario plays message by message, connected, booted and set up by balanz
      When the operator creates the new tag 0NEWTAG3 for Nina New, giving no status
      Then balanz answers the operator Accepted
      And balanz lists the new tag 0NEWTAG3 as Blocked
      And balanz's tags file lists the new tag 0NEWTAG3 as Blocked
      When HQ-14 asks balanz to authorize the new tag 0NEWTAG3
      Then balanz answers it with a result with status Blocked

  Rule: An operator's change is written at once into its model file, which then holds exactly what balanz lists

    Scenario: Creating and deleting tags rewrites the tags file
      Given the operator creates the new active tag 0NEWTAG4 for Nina New
      And the operator deletes tag 2C26B920
      Then balanz's tags file lists the new tag 0NEWTAG4 as Activated
      And balanz's tags file does not list tag 2C26B920
      And balanz's tags file holds exactly the tags balanz lists, one row each

    Scenario: Changing a group's maximum rewrites the groups file, the other groups as they were
      When the operator sets the maximum of group RR2 to "00:00-23:59>0=20:3=30:5=40"
      Then balanz's groups file lists group RR2 with the maximum "00:00-23:59>0=20:3=30:5=40"
      And balanz's groups file lists every group but RR2 as data/model has it

  Rule: A charger balanz registers itself, and one created without a limit, get the site's default limit

    Scenario: An unknown charger is registered in the Default group with priority 1 and the default limit
      Given balanz registers unknown chargers
      When the unknown charger ACME-7 connects, played by the scenario message by message
      Then balanz has registered ACME-7 in group Default, with priority 1 and the default limit of 32 A
      When the operator creates the charger TACW000000N002 named VISITOR in group HQ with priority 1 and no limit
      Then balanz answers the operator Accepted
      And balanz lists the charger TACW000000N002 with the default limit of 32 A

  Rule: The session file's history column holds the offers and every usage change of at least the minimum

    Scenario: A session's usages are in the session file when they changed by the minimum usage change or more
      Given the site keeps a usage in a session's history once it differs from the last one kept by 0.5 A or more
      And balanz registers unknown chargers
      And the unknown charger ACME-8 has connected and booted, played by the scenario message by message
      And ACME-8 has started a transaction for tag D40C346D with the meter at 0 Wh
      When ACME-8 reports these currents on every phase, one after another: 10, 10.25, 10.5, 10.75, 11 and 0 A
      And ACME-8 stops its transaction with the meter at 2000 Wh, for tag D40C346D, reason Local
      Then the session file's history of the session at ACME-8 lists the usages 10, 10.5, 11 and 0 A, each at the time balanz received it, then 0 A offered and used at the stop
