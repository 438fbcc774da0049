"""Protocol fakes: loopback servers speaking each provider's wire protocol to the real SDKs.

Each fake scripts answers, records every request byte for byte, and refuses, in the provider's
own error shape, every request its documentation calls invalid (each rule cites the page). They
import nothing from `summarizer`: a fake that reused the code it checks would prove nothing.
"""

from ._server import Answer, FakeServer, Recorded
from .anthropic_messages import AnthropicFake
from .gemini import GeminiFake
from .openai_chat import OllamaFake, OpenAIFake, VLLMFake

__all__ = ["AnthropicFake", "Answer", "FakeServer", "GeminiFake", "OllamaFake", "OpenAIFake", "Recorded", "VLLMFake"]
