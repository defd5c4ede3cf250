package dev.arclight.placement.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arclight.placement.lambda.LambdaException.AccessDeniedException;
import dev.arclight.placement.lambda.LambdaException.InvalidParameterValueException;
import dev.arclight.placement.lambda.LambdaException.ResourceNotFoundException;
import org.junit.jupiter.api.Test;

class FunctionArnsTests {

    private final FunctionArns arns = new FunctionArns("us-east-1");
    private final Caller caller = new Caller("acme", "100000000001");

    @Test
    void buildsLambdaArns() {
        assertThat(arns.functionArn("100000000001", "hello"))
                .isEqualTo("arn:aws:lambda:us-east-1:100000000001:function:hello");
        assertThat(arns.qualifiedArn("100000000001", "hello", "live"))
                .isEqualTo("arn:aws:lambda:us-east-1:100000000001:function:hello:live");
    }

    @Test
    void parsesAPlainName() {
        assertThat(arns.parse("hello", caller)).isEqualTo(new FunctionReference("hello", null));
        assertThat(arns.parse("hello:7", caller)).isEqualTo(new FunctionReference("hello", "7"));
    }

    @Test
    void parsesPartialAndFullArns() {
        assertThat(arns.parse("100000000001:function:hello", caller)).isEqualTo(new FunctionReference("hello", null));
        assertThat(arns.parse("arn:aws:lambda:us-east-1:100000000001:function:hello:$LATEST", caller))
                .isEqualTo(new FunctionReference("hello", "$LATEST"));
    }

    @Test
    void takesTheQualifierParameterWhenTheNameHasNone() {
        assertThat(arns.parse("hello", "live", caller)).isEqualTo(new FunctionReference("hello", "live"));
        assertThat(arns.parse("hello:live", "live", caller)).isEqualTo(new FunctionReference("hello", "live"));
    }

    @Test
    void rejectsAQualifierParameterThatContradictsTheName() {
        assertThatThrownBy(() -> arns.parse("hello:1", "2", caller)).isInstanceOf(InvalidParameterValueException.class);
    }

    @Test
    void refusesAnotherAccountsArn() {
        assertThatThrownBy(() -> arns.parse("arn:aws:lambda:us-east-1:100000000002:function:hello", caller))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> arns.parse("100000000002:function:hello", caller))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void findsNothingInAnotherRegion() {
        assertThatThrownBy(() -> arns.parse("arn:aws:lambda:eu-west-1:100000000001:function:hello", caller))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void rejectsMalformedNames() {
        for (var bad : new String[] {"", "bad name", "x".repeat(65), "a:b:c", "hello:bad qualifier"}) {
            assertThatThrownBy(() -> arns.parse(bad, caller))
                    .as(bad)
                    .isInstanceOf(InvalidParameterValueException.class);
        }
    }
}
