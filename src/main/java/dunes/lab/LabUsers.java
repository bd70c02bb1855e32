package dunes.lab;

import dunes.security.DunesGroups;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The lab's people: an operator who requests builds and an approver for certificate requests, so
 * a newcomer can play both sides of the four-eyes rule. Lab profile only. They and the lab's admin
 * are members of {@link DunesGroups#LAB}, by which production recognises a lab database and
 * refuses it.
 */
@Component
@Profile("lab")
@EnableConfigurationProperties(LabUsers.Passwords.class)
class LabUsers {

  private final IdentityService identity;
  private final Passwords passwords;
  private final String admin;

  LabUsers(IdentityService identity, Passwords passwords, @Value("${camunda.bpm.admin-user.id}") String admin) {
    this.identity = identity;
    this.passwords = passwords;
    this.admin = admin;
  }

  @EventListener
  @Order(100) // after IdentitySetup made the groups
  public void onStarted(ApplicationStartedEvent event) {
    if (identity.createGroupQuery().groupId(DunesGroups.LAB).count() == 0) {
      Group lab = identity.newGroup(DunesGroups.LAB);
      lab.setName("Dunes lab (never in production)");
      lab.setType("SYSTEM");
      identity.saveGroup(lab);
    }
    user("operator", "Olga", "Operator", passwords.users().get("operator"), DunesGroups.OPERATORS);
    user("approver", "Arne", "Approver", passwords.users().get("approver"), DunesGroups.PKI_APPROVERS);
    member(admin, DunesGroups.LAB);
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
    member(id, group);
    member(id, DunesGroups.LAB);
  }

  private void member(String id, String group) {
    if (identity.createUserQuery().userId(id).memberOfGroup(group).count() == 0) {
      identity.createMembership(id, group);
    }
  }

  @ConfigurationProperties("dunes.lab")
  record Passwords(Map<String, String> users) {}
}
