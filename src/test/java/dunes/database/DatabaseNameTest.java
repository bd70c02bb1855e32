package dunes.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseNameTest {

  @Nested
  class Quoting {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "vcvCO                         | [vcvCO]",
        "x]; DROP DATABASE master; --  | [x]]; DROP DATABASE master; --]",
        "a]]b                          | [a]]]]b]",
        "]                             | []]]",
        "[                             | [[]",
        "[vco]                         | [[vco]]]",
        "it's \"quoted\"               | [it's \"quoted\"]",
        "`name with spaces`            | `[name with spaces]`",
        "Grüße-数据库-🚀                | [Grüße-数据库-🚀]",
        "/* */ --                      | [/* */ --]"
    })
    void shouldQuoteAsQuotenameDoesDoublingEveryClosingBracketOnly(String name, String quoted) {
      assertThat(DatabaseName.of(name).quoted()).isEqualTo(quoted);
    }

    @Test
    void shouldShowTheQuotedNameAsItsText() {
      assertThat(DatabaseName.of("a]b")).hasToString("[a]]b]");
    }

    @Test
    void shouldQuoteAMaximalNameOfClosingBracketsIntoTwiceItsLengthPlusTwo() {
      String name = "]".repeat(128);
      assertThat(DatabaseName.of(name).quoted()).hasSize(258).startsWith("[]]").endsWith("]]]");
    }
  }

  @Nested
  class Refusing {

    @Test
    void shouldRefuseNoName() {
      assertThatThrownBy(() -> DatabaseName.of(null))
          .isInstanceOf(InvalidDatabaseRequestException.class).hasMessage("database.name is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t \t"})
    void shouldRefuseEmptyOrBlankNames(String name) {
      assertThatThrownBy(() -> DatabaseName.of(name)).isInstanceOf(InvalidDatabaseRequestException.class);
    }

    @Test
    void shouldAcceptExactly128CharactersAndRefuse129() {
      assertThat(DatabaseName.of("d".repeat(128)).name()).hasSize(128);
      assertThatThrownBy(() -> DatabaseName.of("d".repeat(129)))
          .isInstanceOf(InvalidDatabaseRequestException.class)
          .hasMessageContaining("129 characters long; SQL Server allows at most 128");
    }

    @Test
    void shouldCountLengthInUtf16UnitsAsNvarcharDoes() {
      String name = "🚀".repeat(64); // 64 code points, 128 UTF-16 units
      assertThat(DatabaseName.of(name).name()).hasSize(128);
      assertThatThrownBy(() -> DatabaseName.of(name + "x")).isInstanceOf(InvalidDatabaseRequestException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vco\u0000", "\u0000", "vco\nDROP", "vco\r", "a\u001bb", "a\u007fb", "a\u0085b", "a\u009fb"})
    void shouldRefuseControlCharacters(String name) {
      assertThatThrownBy(() -> DatabaseName.of(name))
          .isInstanceOf(InvalidDatabaseRequestException.class)
          .hasMessageContaining("control character U+")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContainPattern("\\p{Cc}"));
    }

    @Test
    void shouldNameTheControlCharacterAndItsPosition() {
      assertThatThrownBy(() -> DatabaseName.of("vco\u0000; DROP DATABASE master"))
          .hasMessage("database.name 'vco\\u0000; DROP DATABASE master' contains the control character U+0000 at position 4");
    }
  }
}
