export { createChatlink, type Chatlink, type ChatlinkSetup } from './createChatlink';
