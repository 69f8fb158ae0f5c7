// The assistant the user talks to (OpenAI assistant id), kept while moving between threads.
import { create } from 'zustand';

interface AssistantChoice {
  assistantId: string | null;
  choose: (id: string) => void;
}

export const useAssistantChoice = create<AssistantChoice>((set) => ({
  assistantId: null,
  choose: (assistantId) => set({ assistantId }),
}));
