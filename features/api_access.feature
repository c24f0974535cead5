@api
Feature: Who may use balanz's API
  Operators and tools use balanz through its API. A client must first log in with the token of one of the API
  users (data/model/users.csv keeps the sha256 of each user's token); before that, and after a login with a
  token no user has, every call is refused as NotAuthorized, and the login itself is refused as InvalidLogin
  (balanz/api.py api_handler, Login; balanz/user.py User.check_auth). A logged-in user may use exactly what its
  user type permits:

  * a Status user may look at the chargers and the groups, and nothing else;
  * an Analysis user may also look at the tags and the session records, and draw the site;
  * a SessionPriority user may look at the chargers and the groups and change a session's priority;
  * a Tags user may do what an Analysis user may, and also change a session's priority and
    create, change and delete tags;
  * an Admin user may do everything: users, firmware, groups, chargers, configuration, logs, the
    session file, and every command that balanz passes on to a charger.

  The matrix below lists every command balanz's API has (api.py) and is balanz's own permission lists
  (API_ALLOW in api.py; Admin is not listed there because it may call everything); the harness's test
  tests/test_api_matrix.py reads API_ALLOW and the commands from balanz's api.py and fails if the matrix
  differs. (API_ALLOW also lets a Tags user call WriteTags, a command balanz does not have: it answers
  "Invalid Command WriteTags"; it is not in the matrix.)

  "Refused" means balanz answers NotAuthorized. "Allowed" means balanz carries the call out and gives its
  real answer: a result, and Accepted where the command answers a status - not NotAuthorized, not
  "Invalid Command", not an error. So that every call can be carried out and change as little as
  possible, each user tries the commands in one fixed order while a session runs at HQ-14: what the calls
  create (an API user, a firmware entry, a charger, a tag) they change and delete again, what they set
  (a log level, a configuration value, HQ-14's heartbeat interval) they set to what it already is, and the
  session is stopped remotely and HQ-14 restarted only at the end. One change lasts: the Admin's
  ClearDefaultProfiles clears both of balanz's default profiles at HQ-14 (api.py: ClearChargingProfile for
  the purpose TxDefaultProfile); SetDefaultProfile then puts the base profile (id 1, the minimum) back, but
  balanz's blocking profile (id 2, 0 A; ClearDefaultProfile clears it once more) is not restored: balanz
  sets it when it first sets a charger up (Charger.profile_initialized) and after the first offer of a new
  transaction (balanz.py balanz_loop; docs/balancing-rules.md#the-profiles-balanz-installs), and neither
  comes in this scenario. So from the remote stop on, HQ-14 lets an EV draw the minimum without an offer;
  the simulator gets its own default profiles back when it is restarted at the end
  (docs/simulator.md#reset-power-loss-and-reconnect), a charger that keeps its profiles would not.
  (These scenarios need a balanz of their own and are not run on an external stack: @fresh_balanz.)

  The site has one API user per user type for these scenarios, api-<user type> (api-status,
  api-analysis, api-sessionpriority, api-tags, api-admin), each with the token api-<user type>-token.

  One scenario per user type tries all commands against one balanz: a balanz per command and user type
  would start some 215 balanz processes for a few milliseconds of calls each.

  Rule: Nothing works before a successful login

    Scenario: A client that has not logged in is refused every command
      Given a client is connected to balanz's API and has not logged in
      When the client tries every command of balanz's API
      Then every call is answered NotAuthorized

    Scenario: A token that belongs to no user is refused, and the client stays logged out
      Given a client is connected to balanz's API and has not logged in
      When the client logs in with the token not-a-user-token, which no API user has
      Then the call is answered InvalidLogin
      When the client tries to look at the chargers (GetChargers)
      Then the call is answered NotAuthorized

  @fresh_balanz
  Rule: Each user type may use exactly the commands its permission list names

    Scenario Outline: A <user type> user is allowed exactly its commands and refused all others
      Given the driver has presented tag D40C346D at HQ-14, which is charging
      And a client has logged in to balanz's API as the <user type> user
      When the client tries every command of balanz's API, those for a charger at HQ-14
      Then balanz answers each command as the <user type> column of this matrix says:
        | command                | what it does                       | Status  | Analysis | SessionPriority | Tags    | Admin   |
        | GetStatus              | look at balanz's status            | refused | refused  | refused         | refused | allowed |
        | GetLogs                | read balanz's log                  | refused | refused  | refused         | refused | allowed |
        | SetConfig              | change a configuration value       | refused | refused  | refused         | refused | allowed |
        | SetLogLevel            | change a log level                 | refused | refused  | refused         | refused | allowed |
        | DrawAll                | draw the site                      | refused | allowed  | refused         | allowed | allowed |
        | GetUsers               | look at the API users              | refused | refused  | refused         | refused | allowed |
        | CreateUser             | create an API user                 | refused | refused  | refused         | refused | allowed |
        | UpdateUser             | change an API user                 | refused | refused  | refused         | refused | allowed |
        | DeleteUser             | delete an API user                 | refused | refused  | refused         | refused | allowed |
        | GetFirmware            | look at the firmware list          | refused | refused  | refused         | refused | allowed |
        | CreateFirmware         | add a firmware                     | refused | refused  | refused         | refused | allowed |
        | ModifyFirmware         | change a firmware                  | refused | refused  | refused         | refused | allowed |
        | DeleteFirmware         | delete a firmware                  | refused | refused  | refused         | refused | allowed |
        | ReloadFirmware         | reload the firmware list           | refused | refused  | refused         | refused | allowed |
        | GetGroups              | look at the groups                 | allowed | allowed  | allowed         | allowed | allowed |
        | ReloadGroups           | reload the groups                  | refused | refused  | refused         | refused | allowed |
        | UpdateGroup            | change a group                     | refused | refused  | refused         | refused | allowed |
        | SetBalanzState         | suspend or resume a group          | refused | refused  | refused         | refused | allowed |
        | GetChargers            | look at the chargers               | allowed | allowed  | allowed         | allowed | allowed |
        | ReloadChargers         | reload the chargers                | refused | refused  | refused         | refused | allowed |
        | CreateCharger          | create a charger                   | refused | refused  | refused         | refused | allowed |
        | UpdateCharger          | change a charger                   | refused | refused  | refused         | refused | allowed |
        | ResetChargerAuth       | reset a charger's key              | refused | refused  | refused         | refused | allowed |
        | DeleteCharger          | delete a charger                   | refused | refused  | refused         | refused | allowed |
        | GetTags                | look at the tags                   | refused | allowed  | refused         | allowed | allowed |
        | ReloadTags             | reload the tags                    | refused | refused  | refused         | refused | allowed |
        | CreateTag              | create a tag                       | refused | refused  | refused         | allowed | allowed |
        | UpdateTag              | change a tag                       | refused | refused  | refused         | allowed | allowed |
        | DeleteTag              | delete a tag                       | refused | refused  | refused         | allowed | allowed |
        | GetSessions            | look at the session records        | refused | allowed  | refused         | allowed | allowed |
        | GetCSVSessions         | read the session file              | refused | refused  | refused         | refused | allowed |
        | SetChargePriority      | change a session's priority        | refused | refused  | allowed         | allowed | allowed |
        | GetConfiguration       | read a charger's configuration     | refused | refused  | refused         | refused | allowed |
        | ChangeConfiguration    | change a charger's configuration   | refused | refused  | refused         | refused | allowed |
        | TriggerMessage         | ask a charger for a message        | refused | refused  | refused         | refused | allowed |
        | SetTxProfile           | limit a session at the charger     | refused | refused  | refused         | refused | allowed |
        | ClearDefaultProfiles   | clear a charger's default profiles | refused | refused  | refused         | refused | allowed |
        | SetDefaultProfile      | set a charger's default profile    | refused | refused  | refused         | refused | allowed |
        | ClearDefaultProfile    | clear one default profile          | refused | refused  | refused         | refused | allowed |
        | RemoteStartTransaction | start a session remotely           | refused | refused  | refused         | refused | allowed |
        | UpdateFirmware         | update a charger's firmware        | refused | refused  | refused         | refused | allowed |
        | RemoteStopTransaction  | stop a session remotely            | refused | refused  | refused         | refused | allowed |
        | Reset                  | restart a charger                  | refused | refused  | refused         | refused | allowed |
      Examples:
        | user type       |
        | Status          |
        | Analysis        |
        | SessionPriority |
        | Tags            |
        | Admin           |
