package dunes.lab;

import dunes.security.DunesGroups;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The lab's people: an operator who requests builds and an approver for certificate requests, so
 * a newcomer can play both sides of the four-eyes rule. Lab profile only.
 */
@Component
@Profile("lab")
@EnableConfigurationProperties(LabUsers.Passwords.class)
class LabUsers {

  private final IdentityService identity;
  private final Passwords passwords;

  LabUsers(IdentityService identity, Passwords passwords) {
    this.identity = identity;
    this.passwords = passwords;
  }

  @EventListener
  @Order(100) // after IdentitySetup made the groups
  public void onStarted(ApplicationStartedEvent event) {
    user("operator", "Olga", "Operator", passwords.users().get("operator"), DunesGroups.OPERATORS);
    user("approver", "Arne", "Approver", passwords.users().get("approver"), DunesGroups.PKI_APPROVERS);
  }

  private void user(String id, String first, String last, String password, String group) {
    User user = identity.createUserQuery().userId(id).singleResult();
    if (user == null) {
      user = identity.newUser(id);
      user.setFirstName(first);
      user.setLastName(last);
      user.setEmail(id + "@lab.local");
      user.setPassword(password);
      identity.saveUser(user);
    }
    if (identity.createUserQuery().userId(id).memberOfGroup(group).count() == 0) {
      identity.createMembership(id, group);
    }
  }

  @ConfigurationProperties("dunes.lab")
  record Passwords(Map<String, String> users) {}
}
