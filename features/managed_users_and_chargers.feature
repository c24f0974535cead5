@api @fresh_balanz
Feature: API users and chargers managed through the API
  An Admin operator manages balanz's API users and chargers through its API (balanz/api.py api_handler;
  balanz/user.py User), and balanz writes every change into its model files at once (data/model's users.csv and
  chargers.csv, copied into each scenario's runtime directory), which it reads when it starts.
  * CreateUser makes a user of a user type with a password. balanz keeps the sha256 of the user id followed
    by the password, and logs in whoever presents a token with that sha256 (user.py User, check_auth): the
    new user's token is its user id followed by its password. The user then has exactly its type's rights
    (api_access.feature): an Analysis user may look at the tags, but not change one.
  * UpdateUser changes a user's type (or password or description): its next login has the new type.
  * DeleteUser removes the user: its token no longer logs in. (A connection the user had already opened
    keeps working: users_and_chargers_known_issues.feature.)
  * UpdateCharger changes a charger's alias, priority, description or limit. A session's priority is its
    tag's priority, else its charger's (model.py Connector.conn_priority): a charger given priority 5 charges the
    next session of a tag without a priority with priority 5, and still after balanz restarts.
  * CreateCharger adds a charger to a group, DeleteCharger removes one; both are in the chargers file and so
    still in force after a restart. A created charger that connects is a charger of its group like any other
    (model.py Charger: group, priority and conn_max as created): balanz sets its default profiles, its session
    gets the minimum offer first (min_allocation, docs/balancing-rules.md#the-first-offer), a session's
    priority is its tag's, else the charger's (Connector.conn_priority), the session counts toward the group's
    priority bucket of that priority (docs/balancing-rules.md#priorities-and-the-priority-buckets-of-a-group-maximum),
    and its offer grows by max_offer_increase per offer-increase interval up to the charger's conn_max
    (docs/balancing-rules.md#growth-and-its-pacing). The harness
    starts a simulator for a charger the scenario declares new ("the new charger RR2-05") when the step that
    connects it runs, and stops it at the scenario's end.
  * ReloadTags, ReloadGroups and ReloadChargers read the files again (model.py Tag/Group/Charger.read_csv),
    so an operator's own edit of a file is in force once balanz reloads it: a tag blocked in the tags file
    is refused as Blocked, a group's maximum and a charger's priority are the file's.

  Rule: A user created through the API logs in with its token and has exactly its type's rights

    Scenario: A new Analysis user may look at the tags but not change them
      When the operator creates the API user new-analyst of type Analysis with password s3cret
      Then balanz's users file lists new-analyst as a user of type Analysis
      When a client logs in as new-analyst with password s3cret
      Then the client is logged in as an Analysis user
      When the client tries to look at the tags (GetTags)
      Then the call is carried out
      When the client tries to change a tag (UpdateTag)
      Then the call is answered NotAuthorized

  Rule: A user whose type is changed logs in with the new type

    Scenario: An Analysis user changed to a Tags user logs in as a Tags user
      Given the operator creates the API user changing-user of type Analysis with password pw
      When the operator changes the type of the API user changing-user to Tags
      Then balanz answers the operator Accepted
      And balanz's users file lists changing-user as a user of type Tags
      When a client logs in as changing-user with password pw
      Then the client is logged in as a Tags user

  Rule: A deleted user's token no longer logs in

    Scenario: The token of a deleted user is refused as InvalidLogin
      Given the operator creates the API user gone-user of type Tags with password pw
      When the operator deletes the API user gone-user
      Then balanz's users file does not list gone-user
      When a client logs in as gone-user with password pw
      Then the call is answered InvalidLogin

  Rule: A charger's changed priority reaches the chargers file, survives a restart and applies to the next session

    Scenario: RR2-02 given priority 5 charges its next session with priority 5 after a restart
      When the operator changes the priority of charger RR2-02 to 5
      Then balanz answers the operator Accepted
      And balanz's chargers file lists RR2-02 with priority 5
      When balanz is restarted
      And the driver presents tag D40C346D at RR2-02
      Then RR2-02 starts charging with the minimum offer of 6 A
      And balanz shows these session priorities:
        | charger | priority |
        | RR2-02  | 5        |

  Rule: A charger created or deleted through the API is in the chargers file and stays so after a restart

    Scenario: A charger created in group RR2 is listed, also after a restart
      When the operator creates the charger ACC0000001 named Visitor in group RR2 with a limit of 16 A
      Then balanz answers the operator Accepted
      And balanz's chargers file lists Visitor in group RR2
      When balanz is restarted
      Then balanz lists the charger Visitor in group RR2

    Scenario: A deleted charger is gone from the file and from balanz, also after a restart
      When the operator deletes the charger named RR2-04
      Then balanz answers the operator Accepted
      And balanz's chargers file does not list RR2-04
      When balanz is restarted
      Then balanz does not list the charger RR2-04

  Rule: A charger created through the API connects and is balanced in its group from its first session

    Scenario: A new RR2 charger of priority 2 and 8 A shares RR2's lowest bucket with RR2-02
      RR2-05 is created with priority 2 and a limit of 8 A; the tag presented there has no priority, so its
      session has priority 2, which maps to RR2's lowest bucket (priorities 0-2: 24 A), the bucket of
      RR2-02's priority-1 session too. Both start at the minimum. Served first (the higher priority),
      RR2-05 grows to its own limit of 8 A in one step; RR2-02 climbs 3 A per offer-increase interval to what
      the bucket leaves it: 24 - 8 = 16 A. (A charger limit other than 8 A, another priority bucket or a
      group other than RR2 would each change these offers.)

      Given the operator has created the new charger RR2-05 with id ACC0000005 in group RR2 with priority 2 and a limit of 8 A
      When the new charger RR2-05 connects to balanz
      And sessions are charging at:
        | charger | tag      |
        | RR2-02  | 3B86D60D |
        | RR2-05  | 56EB8FBF |
      Then balanz shows these session priorities:
        | charger | priority |
        | RR2-02  | 1        |
        | RR2-05  | 2        |
      And the offer to RR2-05 rises 6 → 8 A, no faster than one step per offer-increase interval
      And the offer to RR2-02 rises 6 → 9 → 12 → 15 → 16 A, no faster than one step per offer-increase interval
      And the offers stay for 1 offer-increase interval at:
        | charger | offer |
        | RR2-02  | 16    |
        | RR2-05  | 8     |

  Rule: An operator's edit of a model file is in force once balanz reloads it

    Scenario: A tag blocked in the tags file is refused after the tags are reloaded
      Given the operator writes status "Blocked" for D40C346D into balanz's tags file
      When the operator has balanz reload its tags
      Then balanz answers the operator Accepted
      When the driver tries the known tag D40C346D at HQ-14
      Then the tag is refused at HQ-14 as Blocked

    Scenario: A group maximum changed in the groups file is shown after the groups are reloaded
      Given the operator writes max_allocation "00:00-23:59>0=16" for RR2 into balanz's groups file
      When the operator has balanz reload its groups
      Then balanz answers the operator Accepted
      And balanz shows the maximum of group RR2 as "00:00-23:59>0=16"

    Scenario: A charger priority changed in the chargers file is shown after the chargers are reloaded
      Given the operator writes priority "4" for RR2-03 into balanz's chargers file
      When the operator has balanz reload its chargers
      Then balanz answers the operator Accepted
      And balanz shows charger RR2-03 with priority 4
