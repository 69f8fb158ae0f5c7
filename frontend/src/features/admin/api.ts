import type {
  AssistantLimit,
  Configuration,
  ConfigUpdateBody,
  MessageBody,
  SignUpBody,
  SignUpResponse,
  UpdateUserBody,
  UpdateUserResponse,
  User,
} from '@backend/contract';
import { api } from '../../api';

export const USERS_KEY = 'admin/users';
export const FLAGS_KEY = 'admin/config';
export const LIMIT_KEY = 'admin/assistant-limit';

export const adminApi = {
  users: (signal?: AbortSignal) => api.get<User[]>('/users', signal ? { signal } : {}),
  createUser: (body: SignUpBody) => api.post<SignUpResponse>('/users/signUp', body),
  setRole: (id: number, body: UpdateUserBody) => api.patch<UpdateUserResponse>(`/users/${id}`, body),
  deleteUser: (id: number) => api.delete<MessageBody>(`/users/${id}`),
  flags: (signal?: AbortSignal) => api.get<Configuration[]>('/config', signal ? { signal } : {}),
  setFlag: (body: ConfigUpdateBody) => api.put<MessageBody>('/config', body),
  assistantLimit: (signal?: AbortSignal) =>
    api.get<AssistantLimit>('/config/assistant/limit', signal ? { signal } : {}),
  setAssistantLimit: (limit: number) => api.put<MessageBody>(`/config/assistant/limit/${limit}`),
};
