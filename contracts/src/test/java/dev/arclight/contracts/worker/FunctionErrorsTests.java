package dev.arclight.contracts.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FunctionErrorsTests {

    @Test
    void aTimeoutADeadRuntimeOrAFailedInitResetsTheEnvironment() {
        assertThat(FunctionErrors.resetsEnvironment(FunctionErrors.SANDBOX_TIMEDOUT))
                .isTrue();
        assertThat(FunctionErrors.resetsEnvironment(FunctionErrors.RUNTIME_EXIT_ERROR))
                .isTrue();
        assertThat(FunctionErrors.resetsEnvironment(FunctionErrors.IMPORT_MODULE_ERROR))
                .isTrue();
        assertThat(FunctionErrors.resetsEnvironment(FunctionErrors.HANDLER_NOT_FOUND))
                .isTrue();
    }

    @Test
    void aHandlerThatRaisedOrAnUnserialisableResultKeepsTheEnvironment() {
        assertThat(FunctionErrors.resetsEnvironment("ValueError")).isFalse();
        assertThat(FunctionErrors.resetsEnvironment(FunctionErrors.MARSHAL_ERROR))
                .isFalse();
        assertThat(FunctionErrors.resetsEnvironment("Function.ResponseSizeTooLarge"))
                .isFalse();
        assertThat(FunctionErrors.resetsEnvironment(null)).isFalse();
    }
}
