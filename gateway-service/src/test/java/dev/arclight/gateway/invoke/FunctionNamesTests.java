package dev.arclight.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FunctionNamesTests {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "hello",
                "hello:live",
                "hello:7",
                "100000000001:function:hello",
                "100000000001:function:hello:live",
                "arn:aws:lambda:us-east-1:100000000001:function:hello",
                "arn:aws:lambda:us-east-1:100000000001:function:hello:$LATEST"
            })
    void findsTheBareNameInEverySpellingLambdaAccepts(String spelling) {
        assertThat(FunctionNames.nameOf(spelling)).isEqualTo("hello");
    }
}
