@api
Feature: Credentials of balanz's API
  A client logs in to balanz's API with a token (api.py api_handler, Login). balanz keeps the sha256 of each
  user's token - for a user created with a password, of the user id followed by the password (user.py
  User) - and logs a client in only if the sha256 of the token it sends is exactly one user's
  (user.py User.check_auth). So a known user's password with one character wrong, with its last character
  left off, or left out altogether is refused as InvalidLogin like any other token, and the connection stays
  logged out: every other call on it is refused as NotAuthorized (api.py api_handler: no call before a
  successful Login).
  A connection has the user of its last successful login: a second login that succeeds replaces the user and
  its rights, one that fails changes nothing (api_handler sets logged_in and logged_in_user_type only when a
  Login succeeds).
  Once an operator changed a user's password (UpdateUser: user.py User.update keeps the sha256 of the user id
  and the new password, and api.py writes the users file), the old password is refused and the new one
  logs in.

  The site's API users (data/model/users.csv) document their tokens; a user's password is what follows its
  user id in the token (api-status's token api-status-token: the password "-token"). "wrong" changes the
  password's last character, "partial" leaves it off, "empty" sends the user id alone
  (balanz_acceptance/actors/api_probe.py token_tried). The site has 6 chargers (data/model/chargers.csv), so a
  logged-in GetChargers lists 6. (A token that belongs to no user: api_access.feature.)

  Rule: Only a known user's exact password logs the user in

    Scenario: A wrong, a partial or an empty password of a user of each type is refused, and the connection stays logged out
      When a new client logs in with each of these passwords, then asks for the chargers (GetChargers):
        | user                | password | login answered               | GetChargers answered |
        | api-status          | right    | logged in as Status          | a list of 6          |
        | api-status          | wrong    | InvalidLogin                 | NotAuthorized        |
        | api-status          | partial  | InvalidLogin                 | NotAuthorized        |
        | api-status          | empty    | InvalidLogin                 | NotAuthorized        |
        | api-analysis        | right    | logged in as Analysis        | a list of 6          |
        | api-analysis        | wrong    | InvalidLogin                 | NotAuthorized        |
        | api-analysis        | partial  | InvalidLogin                 | NotAuthorized        |
        | api-analysis        | empty    | InvalidLogin                 | NotAuthorized        |
        | api-sessionpriority | right    | logged in as SessionPriority | a list of 6          |
        | api-sessionpriority | wrong    | InvalidLogin                 | NotAuthorized        |
        | api-sessionpriority | partial  | InvalidLogin                 | NotAuthorized        |
        | api-sessionpriority | empty    | InvalidLogin                 | NotAuthorized        |
        | api-tags            | right    | logged in as Tags            | a list of 6          |
        | api-tags            | wrong    | InvalidLogin                 | NotAuthorized        |
        | api-tags            | partial  | InvalidLogin                 | NotAuthorized        |
        | api-tags            | empty    | InvalidLogin                 | NotAuthorized        |
        | api-admin           | right    | logged in as Admin           | a list of 6          |
        | api-admin           | wrong    | InvalidLogin                 | NotAuthorized        |
        | api-admin           | partial  | InvalidLogin                 | NotAuthorized        |
        | api-admin           | empty    | InvalidLogin                 | NotAuthorized        |
      Then balanz answers each as the table says

  Rule: A connection has the user of its last successful login

    Scenario: A second login replaces the connection's user; a failed one leaves it as it was
      Given a client has logged in to balanz's API as the Status user
      When the client logs in again on the same connection as the Admin user
      Then the client is logged in as an Admin user
      When the client tries to look at balanz's status (GetStatus)
      Then the call is carried out
      When the client logs in with the token not-a-user-token, which no API user has
      Then the call is answered InvalidLogin
      When the client tries to look at balanz's status (GetStatus)
      Then the call is carried out
      When the client logs in again on the same connection as the Status user
      Then the client is logged in as a Status user
      When the client tries to look at balanz's status (GetStatus)
      Then the call is answered NotAuthorized

  @fresh_balanz
  Rule: A changed password replaces the old one

    Scenario: After an operator changed a user's password, the old one is refused and the new one logs in
      Given the operator creates the API user pw-user of type Tags with password first-pw
      When the operator changes the password of the API user pw-user to second-pw
      Then balanz answers the operator Accepted
      And balanz's users file keeps for pw-user the sha256 of its user id and the password second-pw
      When a new client logs in as pw-user with password first-pw
      Then that login is answered InvalidLogin
      When a new client logs in as pw-user with password second-pw
      Then that login is answered logged in as Tags
